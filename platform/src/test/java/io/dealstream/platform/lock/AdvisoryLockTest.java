package io.dealstream.platform.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AdvisoryLockTest {

    @Test
    void noTwoKindsOfWorkShareALockKey() {
        assertEquals(AdvisoryLock.values().length,
                Arrays.stream(AdvisoryLock.values()).mapToLong(AdvisoryLock::key).distinct().count());
    }
}

package io.dealstream.platform.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How far a JSON body may nest and how long a number in it may be, as Jackson reads it ({@link StreamReadConstraints};
 * its defaults, 1000 levels and 1000 digits, fit no request of these APIs). A body beyond them is refused with a
 * 400 problem before any of it is bound; the body's size as a whole is {@code quarkus.http.limits.max-body-size}.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    /** The deepest body nests 3 levels (a round, its investors, an investor); 32 leaves room and stops a deep bomb. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Money is 17 digits and 2 decimals at most; 40 characters fit any number the APIs read, sign and point too. */
    public static final int MAX_NUMBER_LENGTH = 40;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    }
}

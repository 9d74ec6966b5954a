package io.dealstream.investment;

import io.dealstream.testsupport.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * In @QuarkusTests the app's clock is one that tests move by hand (it starts at the real time); the packaged
 * app of the ITs keeps the real clock.
 */
public class TestClock {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    MutableClock clock() {
        return new MutableClock();
    }
}

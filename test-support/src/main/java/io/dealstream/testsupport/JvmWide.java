package io.dealstream.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs the JVM-wide servers (the Kafka broker, the embedded PostgreSQL) from the application class loader.
 *
 * <p>Why: Quarkus loads test code, this module included, in a new class loader per test profile and closes it after
 * those tests. Statics there would start a second broker for the next profile, and a server started from a closed
 * loader could not load its classes any more. The application class loader holds the same class path and lives as
 * long as the JVM; what crosses over is JDK types only.
 */
final class JvmWide {

    private JvmWide() {
    }

    /** Calls the no-argument static method of the application class loader's copy of that class. */
    static Object call(Class<?> host, String method) {
        Class<?> shared = applicationCopy(host);
        Object[] result = new Object[1];
        inLoaderOf(shared, () -> {
            try {
                Method m = shared.getDeclaredMethod(method);
                m.setAccessible(true);
                result[0] = m.invoke(null);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        return result[0];
    }

    /**
     * Runs the action with that class's loader as the thread's context class loader: Kafka and Log4j load classes
     * by name through it, and the threads the servers start inherit it.
     */
    static void inLoaderOf(Class<?> host, Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(host.getClassLoader());
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Class<?> applicationCopy(Class<?> host) {
        try {
            return Class.forName(host.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // not on the application class path (a runner with its own loaders): one per class loader then
            return host;
        }
    }
}

package io.dealstream.platform.http;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Which parameter of a resource method is the request body: the one without any of JAX-RS's parameter annotations. */
public final class RequestBody {

    private RequestBody() {
    }

    /** Whether parameter {@code index} of {@code method} is its request body. */
    public static boolean isBody(Method method, int index) {
        if (index < 0 || index >= method.getParameterCount()) {
            return false;
        }
        for (Annotation a : method.getParameterAnnotations()[index]) {
            String name = a.annotationType().getName();
            if (name.startsWith("jakarta.ws.rs.") || name.startsWith("org.jboss.resteasy.reactive.")) {
                return false;
            }
        }
        return true;
    }

    /** The body {@code method} was called with among {@code arguments}; null when it takes none. */
    public static Object of(Method method, Object[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            if (isBody(method, i)) {
                return arguments[i];
            }
        }
        return null;
    }
}

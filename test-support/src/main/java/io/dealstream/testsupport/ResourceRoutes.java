package io.dealstream.testsupport;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The REST routes a service offers, read from the Jakarta REST annotations of the classes under a package on the
 * test's class path (the service's own and those of the libraries it serves, such as funding-view): "GET /tranches/{id}".
 */
public final class ResourceRoutes {

    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "GET", POST.class,
            "POST", PUT.class, "PUT", DELETE.class, "DELETE", PATCH.class, "PATCH");

    private ResourceRoutes() {
    }

    /** Every route of the resource classes under {@code packageName}, sorted. */
    public static List<String> under(String packageName) {
        TreeSet<String> routes = new TreeSet<>();
        for (String name : classNames(packageName)) {
            Class<?> type;
            try {
                type = Class.forName(name, false, ResourceRoutes.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                METHODS.forEach((annotation, verb) -> {
                    if (method.isAnnotationPresent(annotation)) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
                    }
                });
            }
        }
        return List.copyOf(routes);
    }

    /** {@code /a} and {@code {id}} as {@code /a/{id}}, a parameter's regular expression left out. */
    static String join(String root, String sub) {
        String joined = ("/" + root + "/" + sub).replaceAll("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}", "{$1}")
                .replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static List<String> classNames(String packageName) {
        String folder = packageName.replace('.', '/');
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(ResourceRoutes.class.getClassLoader().getResources(folder))) {
                if (url.getProtocol().equals("jar")) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream().map(e -> e.getName())
                                .filter(n -> n.startsWith(folder + "/") && n.endsWith(".class"))
                                .forEach(n -> names.add(className(n)));
                    }
                } else if (url.getProtocol().equals("file")) {
                    java.nio.file.Path base = java.nio.file.Path.of(url.toURI());
                    java.nio.file.Path classesRoot = base;
                    for (int i = 0; i < folder.split("/").length; i++) {
                        classesRoot = classesRoot.getParent();
                    }
                    java.nio.file.Path rootOfClasses = classesRoot;
                    try (Stream<java.nio.file.Path> files = Files.walk(base)) {
                        files.filter(f -> f.toString().endsWith(".class"))
                                .forEach(f -> names.add(className(rootOfClasses.relativize(f).toString())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
}

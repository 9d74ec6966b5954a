package io.dealstream.events.asyncapi;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventType;
import io.dealstream.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kafka contract as the events module defines it, found by reflection: the topics ({@link Topics}' constants),
 * every event type (each enum of the module that implements {@link EventType}, with its body record) and the
 * CloudEvent headers ({@link CloudEvent}'s {@code H_*} constants, and those every event carries).
 */
final class ContractCatalogue {

    private ContractCatalogue() {
    }

    /** Topics' constants: name ({@code TRANCHE_EVENTS}) to topic. */
    static Map<String, String> topics() {
        return stringConstants(Topics.class, "");
    }

    /** CloudEvent's header constants: name ({@code H_TIME}) to header. */
    static Map<String, String> headers() {
        return stringConstants(CloudEvent.class, "H_");
    }

    /** The headers a producer writes on every event, as {@link CloudEvent#headers()} writes them. */
    static Set<String> headersOfEveryEvent() {
        return new CloudEvent("id", "type", "/source", "subject", OffsetDateTime.of(2026, 3, 31, 0, 0, 0, 0,
                ZoneOffset.UTC), "{}").headers().keySet();
    }

    /** Every event type of the module, by enum and constant. */
    static List<EventType> eventTypes() {
        List<EventType> types = new ArrayList<>();
        for (Class<?> c : classesOfTheModule()) {
            if (c.isEnum() && EventType.class.isAssignableFrom(c)) {
                for (Object constant : c.getEnumConstants()) {
                    types.add((EventType) constant);
                }
            }
        }
        return types;
    }

    /** How the catalogue names an event type in what it reports, e.g. {@code TrancheEventType.FUNDED}. */
    static String nameOf(EventType type) {
        return ((Enum<?>) type).getDeclaringClass().getSimpleName() + "." + ((Enum<?>) type).name();
    }

    private static Map<String, String> stringConstants(Class<?> holder, String prefix) {
        Map<String, String> constants = new LinkedHashMap<>();
        for (Field f : holder.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class
                    && f.getName().startsWith(prefix)) {
                try {
                    constants.put(f.getName(), (String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    /** The classes of the events module: the folder or jar {@link EventType} was loaded from. */
    private static List<Class<?>> classesOfTheModule() {
        try {
            Path where = Path.of(EventType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                return classesUnder(where);
            }
            try (FileSystem jar = FileSystems.newFileSystem(where)) {
                return classesUnder(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> classesUnder(Path root) throws IOException {
        Path packageFolder = root.resolve(EventType.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(packageFolder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted(Comparator.comparing(
                    Path::toString)).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                try {
                    classes.add(Class.forName(name, false, EventType.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return classes;
    }
}

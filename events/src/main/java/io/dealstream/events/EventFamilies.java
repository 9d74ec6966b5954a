package io.dealstream.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The names of each {@link EventType} enum's constants, read from its {@link EventFamily} once per enum. */
final class EventFamilies {

    private static final ClassValue<Map<String, EventType.Names>> NAMES = new ClassValue<>() {
        @Override
        protected Map<String, EventType.Names> computeValue(Class<?> type) {
            EventFamily family = type.getAnnotation(EventFamily.class);
            if (family == null) {
                throw new IllegalStateException(type.getName() + " has no @" + EventFamily.class.getSimpleName());
            }
            return Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name())
                    .collect(Collectors.toUnmodifiableMap(Function.identity(), constant -> names(family, constant)));
        }
    };

    private EventFamilies() {
    }

    static EventType.Names names(EventType type) {
        if (!(type instanceof Enum<?> constant)) {
            throw new IllegalStateException(type.getClass().getName() + " is an EventType but no enum constant");
        }
        return NAMES.get(constant.getDeclaringClass()).get(constant.name());
    }

    /** {@code Subject + Constant} in PascalCase, and {@code source.subject.constant.v1}. */
    private static EventType.Names names(EventFamily family, String constant) {
        String eventName = family.subject() + Arrays.stream(constant.split("_"))
                .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
        String ceType = String.join(".", family.source(), family.subject().toLowerCase(Locale.ROOT),
                constant.toLowerCase(Locale.ROOT), "v1");
        return new EventType.Names(eventName, ceType, family.topic(), family.body());
    }
}

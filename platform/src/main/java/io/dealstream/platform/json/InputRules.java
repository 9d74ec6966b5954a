package io.dealstream.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.dealstream.events.Limits;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every text, date and number of a request body meets before Bean Validation sees it, for every field of
 * every service alike: Jackson's own type checks (see {@link JsonSettings}) run first, then these.
 */
public final class InputRules {

    public static final String DATE_RANGE = "must be between " + Limits.EARLIEST_DATE + " and " + Limits.LATEST_DATE;
    public static final String DATE_SHAPE = "must be a date written as a JSON string YYYY-MM-DD, e.g. 2026-03-31";
    public static final String NO_SUCH_DAY = "must be a day of the calendar, YYYY-MM-DD";

    // a sign and any number of year digits, so that years far out of range are told as such, not as a bad shape
    private static final Pattern DATE = Pattern.compile("([+-]?)([0-9]+)-([0-9]{2})-([0-9]{2})");

    private InputRules() {
    }

    /** The module that puts the rules in place of Jackson's readers of String, LocalDate and BigDecimal. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("dealstream-input-rules");
        module.addDeserializer(String.class, new Text());
        module.addDeserializer(LocalDate.class, new Date());
        module.addDeserializer(BigDecimal.class, new Decimal());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                    JsonDeserializer<?> deserializer) {
                return new Located(deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription bean, JsonDeserializer<?> deserializer) {
                return new Constant(deserializer, type.getRawClass());
            }

            @Override
            public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                    BeanDescription bean, JsonDeserializer<?> deserializer) {
                return new Located(deserializer);
            }
        });
        return module;
    }

    /** The rule a value broke that is too large for Jackson to read at all (its digits, its length...). */
    public static String sizeFault(StreamConstraintsException e, StreamReadConstraints limits) {
        String what = String.valueOf(e.getOriginalMessage());
        if (what.startsWith("Number value length")) {
            return digits(limits);
        }
        if (what.startsWith("String value length")) {
            return "must be at most " + limits.getMaxStringLength() + " characters";
        }
        if (what.startsWith("Name length")) {
            return "a field name has at most " + limits.getMaxNameLength() + " characters";
        }
        if (what.startsWith("Document nesting depth")) {
            return "nests arrays and objects more than " + limits.getMaxNestingDepth() + " deep";
        }
        return "is too large";
    }

    /** The message for a value that is none of an enum's constants. */
    public static String oneOf(Class<?> type) {
        return "must be one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }

    private static String digits(StreamReadConstraints limits) {
        return "must be a number of at most " + limits.getMaxNumberLength() + " digits";
    }

    /** The date a text names, or the rule it breaks: YYYY-MM-DD, a real day, within the API's range. */
    static LocalDate date(String text, JsonParser parser) throws RefusedValue {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw new RefusedValue(parser, LocalDate.class, DATE_SHAPE);
        }
        String digits = m.group(2);
        long year = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (m.group(1).equals("-")) {
            year = -year;
        }
        if (year < Limits.EARLIEST_DATE.getYear() || year > Limits.LATEST_DATE.getYear()) {
            throw new RefusedValue(parser, LocalDate.class, DATE_RANGE);
        }
        if (!m.group(1).isEmpty() || digits.length() != 4) {
            throw new RefusedValue(parser, LocalDate.class, DATE_SHAPE);
        }
        try {
            return LocalDate.of((int) year, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } catch (DateTimeException e) {
            throw new RefusedValue(parser, LocalDate.class, NO_SUCH_DAY);
        }
    }

    /** A JSON string, as Jackson reads it (no number or boolean for a string), without control characters. */
    static final class Text extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = super.deserialize(p, ctxt);
            String fault = text == null ? null : Limits.textFault(text);
            if (fault != null) {
                throw new RefusedValue(p, String.class, fault);
            }
            return text;
        }
    }

    /** A date: a JSON string YYYY-MM-DD (no number, no array of parts) within the API's range. */
    static final class Date extends StdScalarDeserializer<LocalDate> {

        Date() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                throw new RefusedValue(p, LocalDate.class, DATE_SHAPE);
            }
            return date(p.getText(), p);
        }
    }

    /**
     * A JSON number, as Jackson reads it, with no more digits before or after the point than a JSON number may have
     * ({@code 1E+2147483648} is one digit long, yet no column and no arithmetic of the services could hold it).
     */
    static final class Decimal extends NumberDeserializers.BigDecimalDeserializer {

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal value;
            try {
                value = super.deserialize(p, ctxt);
            } catch (NumberFormatException | ArithmeticException e) {
                // an exponent beyond what a BigDecimal holds
                throw new RefusedValue(p, BigDecimal.class, digits(p.streamReadConstraints()));
            }
            int most = p.streamReadConstraints().getMaxNumberLength();
            if (value != null && ((long) value.precision() - value.scale() > most || value.scale() > most)) {
                throw new RefusedValue(p, BigDecimal.class, digits(p.streamReadConstraints()));
            }
            return value;
        }
    }

    /**
     * Around each enum's reader: Jackson would trim what it cannot find ({@code " IPO"} and {@code "IPO\u0000"} are
     * IPO to it), so a constant with blanks or control characters around it is refused before Jackson sees it.
     */
    static final class Constant extends DelegatingDeserializer {

        private final Class<?> type;

        Constant(JsonDeserializer<?> delegate, Class<?> type) {
            super(delegate);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Constant(delegate, type);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (!text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ')) {
                    throw new RefusedValue(p, type, oneOf(type));
                }
            }
            return super.deserialize(p, ctxt);
        }
    }

    /**
     * Around each object's and list's reader: Jackson refuses a number of too many digits while it reads the token,
     * before any reader knows which field it is, so this names the value from where the parser stands inside this
     * object or list and lets Jackson add the path of those around it.
     */
    static final class Located extends DelegatingDeserializer {

        Located(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Located(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonStreamContext own = p.getParsingContext();
            try {
                return super.deserialize(p, ctxt);
            } catch (StreamConstraintsException e) {
                RefusedValue refused = new RefusedValue(p, handledType(), sizeFault(e, p.streamReadConstraints()));
                List<JsonMappingException.Reference> inside = new ArrayList<>();
                for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
                    if (c.inArray()) {
                        inside.add(new JsonMappingException.Reference(null, Math.max(c.getCurrentIndex(), 0)));
                    } else if (c.inObject() && c.getCurrentName() != null) {
                        inside.add(new JsonMappingException.Reference(null, c.getCurrentName()));
                    }
                    if (c == own) {
                        break;
                    }
                }
                inside.forEach(refused::prependPath);
                throw refused;
            }
        }
    }
}

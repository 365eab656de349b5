package io.khidma.core.server;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;

/**
 * Query, path and header parameters of type {@link OffsetDateTime} (RFC 3339), {@link Instant} and
 * {@link LocalDate} ({@code YYYY-MM-DD}), as the generated interfaces declare them. A value that
 * does not parse is a 400 problem naming the parameter.
 */
final class JavaTimeParamConverters implements ParamConverterProvider {

    private static final Map<Class<?>, Function<String, ?>> PARSERS = Map.of(
            OffsetDateTime.class, OffsetDateTime::parse,
            Instant.class, Instant::parse,
            LocalDate.class, LocalDate::parse);

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        var parser = PARSERS.get(rawType);
        if (parser == null) {
            return null;
        }
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return (T) parser.apply(value);
                } catch (DateTimeParseException e) {
                    // Jersey turns this into a ParamException, which ProblemMapper answers with 400.
                    throw new IllegalArgumentException("not a valid " + rawType.getSimpleName() + ": " + value, e);
                }
            }

            @Override
            public String toString(T value) {
                return value == null ? null : value.toString();
            }
        };
    }
}

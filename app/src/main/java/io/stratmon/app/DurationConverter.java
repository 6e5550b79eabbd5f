package io.stratmon.app;

import io.stratmon.sql.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Reads durations on the command line in the one grammar of {@link Durations}: {@code 500ms}, {@code 1h30m}, {@code 2d}, ISO {@code PT30S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

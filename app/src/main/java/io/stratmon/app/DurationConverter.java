package io.stratmon.app;

import picocli.CommandLine;

import java.time.Duration;

/** Reads durations the way people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO {@code PT30S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("pt") || t.startsWith("p")) return Duration.parse(text.trim().toUpperCase());
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: break;
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("not a duration (try 500ms, 30s, 5m, 2h): '" + text + "'");
    }
}

package io.stratmon.shipper.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of keys and globs ({@code *} any run of characters, {@code ?} one character), as Telegraf's
 * {@code json_string_fields} and {@code tag_keys} take them. Matching is exact for plain names, so the common
 * case is one hash lookup.
 */
public final class KeyPattern {
    private final List<String> patterns;
    private final Set<String> exact = new HashSet<>();
    private final List<Pattern> globs = new ArrayList<>();

    private KeyPattern(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String p : patterns) {
            if (p.indexOf('*') < 0 && p.indexOf('?') < 0) exact.add(p);
            else globs.add(glob(p));
        }
    }

    public static KeyPattern of(List<String> patterns) {
        return new KeyPattern(patterns == null ? List.of() : patterns);
    }

    public boolean matches(String key) {
        if (exact.contains(key)) return true;
        for (Pattern g : globs) {
            if (g.matcher(key).matches()) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public List<String> patterns() {
        return patterns;
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}

package io.stratmon.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The rule file for the demo strategy shipped in the jar ({@code stratmon alerts builtin} prints it, to copy). */
public final class BuiltinRules {
    public static final String RESOURCE = "strategy-rules.yml";
    public static final String SOURCE = "builtin:" + RESOURCE;
    /** The rule tests of the built-in rules ({@code stratmon alerts test}); their {@code rule_files} is {@code [builtin]}. */
    public static final String TESTS_RESOURCE = "strategy-rules.test.yml";

    private BuiltinRules() {}

    public static String text() {
        return resource(RESOURCE);
    }

    public static String tests() {
        return resource(TESTS_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = BuiltinRules.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RuleLoader.Result load() {
        return RuleLoader.parse(text(), SOURCE);
    }
}

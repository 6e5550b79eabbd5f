package io.stratmon.alerts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A label or annotation template in the subset of Go's text/template that Prometheus rule files use:
 * {@code {{ $labels.NAME }}}, {@code {{ $value }}}, pipelines ({@code {{ $value | humanizeDuration }}}), calls
 * ({@code {{ printf "%.2f" $value }}}) and the {@code {{-}}} / {@code -}}} whitespace trims. Functions:
 * {@value #FUNCTION_LIST}. Anything else is refused when the rule file is loaded, never at evaluation time.
 *
 * <pre>{@code
 * Template t = Template.compile("{{ $labels.symbol }}: no price for {{ $value | humanizeDuration }}");
 * t.expand(Map.of("symbol", "SOL-USD"), 95);   // "SOL-USD: no price for 1m 35s"
 * }</pre>
 */
public final class Template {
    static final String FUNCTION_LIST = "humanize, humanize1024, humanizeDuration, humanizePercentage, printf, toUpper, toLower, title";
    private static final Set<String> FUNCTIONS = Set.of(FUNCTION_LIST.split(", "));

    private sealed interface Part permits Literal, Pipeline {}

    private record Literal(String text) implements Part {}

    /** {@code commands.get(0)} is either one argument or a call; each later command gets the previous result as its last argument. */
    private record Pipeline(List<List<String>> commands) implements Part {}

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    public String source() {
        return source;
    }

    /** True when the text has no {@code {{ }}} action, e.g. a plain label value. */
    public boolean isConstant() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    /** Parses {@code text}; throws IllegalArgumentException saying what is wrong (unknown function or variable, unclosed action). */
    public static Template compile(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) throw new IllegalArgumentException("template: unclosed '{{' at character " + (open + 1) + " of \"" + text + "\"");
            String inner = text.substring(open + 2, close);
            if (inner.startsWith("-") && (inner.length() == 1 || Character.isWhitespace(inner.charAt(1)))) {
                inner = inner.substring(1);
                int end = literal.length();
                while (end > 0 && Character.isWhitespace(literal.charAt(end - 1))) end--;
                literal.setLength(end);
            }
            boolean trimAfter = inner.endsWith("-") && (inner.length() == 1 || Character.isWhitespace(inner.charAt(inner.length() - 2)));
            if (trimAfter) inner = inner.substring(0, inner.length() - 1);
            if (literal.length() > 0) parts.add(new Literal(literal.toString()));
            literal.setLength(0);
            parts.add(pipeline(inner.trim(), text));
            i = close + 2;
            if (trimAfter) while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        }
        if (literal.length() > 0) parts.add(new Literal(literal.toString()));
        Template t = new Template(text, List.copyOf(parts));
        t.expand(Map.of(), 1.5); // printf formats and argument counts fail here, at load time
        return t;
    }

    private static Pipeline pipeline(String inner, String text) {
        if (inner.isEmpty()) throw new IllegalArgumentException("template: empty action '{{ }}' in \"" + text + "\"");
        if (inner.startsWith("/*")) throw new IllegalArgumentException("template: comments are not supported in \"" + text + "\"");
        List<List<String>> commands = new ArrayList<>();
        for (String command : splitPipes(inner, text)) {
            List<String> words = words(command.trim(), text);
            if (words.isEmpty()) throw new IllegalArgumentException("template: empty command in '{{ " + inner + " }}'");
            commands.add(words);
        }
        for (int c = 0; c < commands.size(); c++) {
            List<String> words = commands.get(c);
            String head = words.get(0);
            if (isArgument(head)) {
                if (c > 0 || words.size() > 1) {
                    throw new IllegalArgumentException("template: '" + String.join(" ", words) + "' in '{{ " + inner
                            + " }}': a value cannot take arguments; write a function first, e.g. {{ printf \"%.2f\" $value }}");
                }
            } else if (!FUNCTIONS.contains(head)) {
                throw new IllegalArgumentException("template: unknown function '" + head + "' in '{{ " + inner + " }}' (known: "
                        + FUNCTION_LIST + ")");
            }
            for (String w : words.subList(isArgument(head) ? 0 : 1, words.size())) checkArgument(w, inner);
        }
        return new Pipeline(List.copyOf(commands));
    }

    private static boolean isArgument(String w) {
        return w.startsWith("$") || w.startsWith(".") || w.startsWith("\"") || w.startsWith("`")
                || (!w.isEmpty() && (Character.isDigit(w.charAt(0)) || w.charAt(0) == '-'));
    }

    private static void checkArgument(String w, String inner) {
        if (w.equals("$value") || w.equals(".Value") || w.equals("$labels") || w.equals(".Labels")) return;
        if ((w.startsWith("$labels.") || w.startsWith(".Labels.")) && w.substring(w.indexOf('.', 1) + 1).matches("[a-zA-Z_][a-zA-Z0-9_]*")) return;
        if (w.startsWith("\"") || w.startsWith("`")) return;
        if (w.matches("-?\\d+(\\.\\d+)?")) return;
        throw new IllegalArgumentException("template: unknown value '" + w + "' in '{{ " + inner
                + " }}' (use $labels.NAME, $value, a \"string\" or a number)");
    }

    private static List<String> splitPipes(String inner, String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && quote == '"' && i + 1 < inner.length()) {
                    cur.append(ch).append(inner.charAt(++i));
                    continue;
                }
                if (ch == quote) quote = 0;
            } else if (ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '|') {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(ch);
        }
        if (quote != 0) throw new IllegalArgumentException("template: unterminated string in \"" + text + "\"");
        out.add(cur.toString());
        return out;
    }

    private static List<String> words(String command, String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < command.length()) {
            char ch = command.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            int start = i;
            if (ch == '"' || ch == '`') {
                i++;
                while (i < command.length() && command.charAt(i) != ch) i += command.charAt(i) == '\\' && ch == '"' ? 2 : 1;
                i++;
            } else if (ch == '(' || ch == ')') {
                throw new IllegalArgumentException("template: parentheses are not supported in \"" + text + "\"; use a pipeline: {{ $value | humanize }}");
            } else {
                while (i < command.length() && !Character.isWhitespace(command.charAt(i))) i++;
            }
            out.add(command.substring(start, Math.min(i, command.length())));
        }
        return out;
    }

    /** The text with every action replaced; {@code labels} are the query row's labels, {@code value} the row's value. */
    public String expand(Map<String, String> labels, double value) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) sb.append(l.text());
            else sb.append(toText(run((Pipeline) part, labels, value)));
        }
        return sb.toString();
    }

    private static Object run(Pipeline p, Map<String, String> labels, double value) {
        Object result = null;
        for (int c = 0; c < p.commands().size(); c++) {
            List<String> words = p.commands().get(c);
            if (c == 0 && isArgument(words.get(0))) {
                result = resolve(words.get(0), labels, value);
                continue;
            }
            List<Object> args = new ArrayList<>();
            for (String w : words.subList(1, words.size())) args.add(resolve(w, labels, value));
            if (c > 0) args.add(result);
            result = call(words.get(0), args);
        }
        return result;
    }

    private static Object resolve(String w, Map<String, String> labels, double value) {
        if (w.equals("$value") || w.equals(".Value")) return value;
        if (w.equals("$labels") || w.equals(".Labels")) return new TreeMap<>(labels);
        if (w.startsWith("$labels.") || w.startsWith(".Labels.")) return labels.getOrDefault(w.substring(w.indexOf('.', 1) + 1), "");
        if (w.startsWith("`")) return w.substring(1, w.length() - 1);
        if (w.startsWith("\"")) return unquote(w.substring(1, w.length() - 1));
        return Double.parseDouble(w);
    }

    private static String unquote(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static Object call(String fn, List<Object> args) {
        if (fn.equals("printf")) {
            if (args.isEmpty() || !(args.get(0) instanceof String format)) throw new IllegalArgumentException("template: printf needs a format string first");
            return printf(format, args.subList(1, args.size()));
        }
        if (args.size() != 1) throw new IllegalArgumentException("template: " + fn + " takes one value, got " + args.size());
        Object a = args.get(0);
        return switch (fn) {
            case "toUpper" -> toText(a).toUpperCase(Locale.ROOT);
            case "toLower" -> toText(a).toLowerCase(Locale.ROOT);
            case "title" -> title(toText(a));
            default -> {
                Double v = toNumber(a);
                if (v == null) yield toText(a); // Prometheus would fail the expansion; we keep the text readable
                yield switch (fn) {
                    case "humanize" -> Humanize.si(v);
                    case "humanize1024" -> Humanize.binary(v);
                    case "humanizeDuration" -> Humanize.duration(v);
                    case "humanizePercentage" -> Humanize.percentage(v);
                    default -> throw new IllegalStateException(fn);
                };
            }
        };
    }

    private static String printf(String format, List<Object> args) {
        // Go's %v is Java's %s; Go's %d wants an integer, Java's a long.
        String javaFormat = format.replace("%v", "%s");
        List<Object> converted = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%[-#+ 0,(]*\\d*(?:\\.\\d+)?([a-zA-Z%])").matcher(javaFormat);
        int n = 0;
        while (m.find()) {
            char conv = m.group(1).charAt(0);
            if (conv == '%' || conv == 'n') continue;
            Object a = n < args.size() ? args.get(n) : null;
            n++;
            if (a == null) throw new IllegalArgumentException("template: printf \"" + format + "\" needs more arguments");
            Double num = toNumber(a);
            converted.add(switch (conv) {
                case 'd', 'x', 'X', 'o' -> num == null ? toText(a) : (Object) (long) num.doubleValue();
                case 'f', 'e', 'E', 'g', 'G' -> num == null ? (Object) Double.NaN : num;
                default -> toText(a);
            });
        }
        try {
            return String.format(Locale.ROOT, javaFormat, converted.toArray());
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException("template: printf \"" + format + "\": " + e.getMessage());
        }
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (char ch : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(ch) : ch);
            start = !Character.isLetterOrDigit(ch);
        }
        return sb.toString();
    }

    private static Double toNumber(Object a) {
        if (a instanceof Double d) return d;
        try {
            return Double.parseDouble(toText(a).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** As Go prints values: floats in shortest form ({@code 42}, {@code 0.5}, {@code 1e+21}), maps as {@code map[a:b]}. */
    static String toText(Object o) {
        if (o instanceof Double d) return goFloat(d);
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            m.forEach((k, v) -> sb.append(sb.length() > 4 ? " " : "").append(k).append(':').append(v));
            return sb.append(']').toString();
        }
        return String.valueOf(o);
    }

    static String goFloat(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        double abs = Math.abs(v);
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (abs < 1e-4 || abs >= 1e21) {
            String digits = bd.unscaledValue().abs().toString();
            int exp = digits.length() - 1 - bd.scale();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return bd.toPlainString();
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}

package io.stratmon.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers that a browser may keep and revalidate: a strong {@code ETag} (a hash of the bytes) and a
 * {@code Cache-Control}; a request whose {@code If-None-Match} names the current tag gets 304 with no body.
 * The page files and the dashboard definitions use {@code no-cache} (always asked again, rarely sent again).
 */
final class Revalidated {
    static final String REVALIDATE = "no-cache";

    private Revalidated() {}

    static void answer(Context ctx, byte[] body, String contentType, String cacheControl) {
        String tag = tag(body);
        ctx.header("ETag", tag).header("Cache-Control", cacheControl);
        if (matches(ctx.header("If-None-Match"), tag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(contentType).result(body);
    }

    static String tag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code If-None-Match: "a", W/"b"} or {@code *}; a weak tag matches its strong one (RFC 9110 weak comparison). */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) return false;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) c = c.substring(2);
            if (c.equals("*") || c.equals(tag)) return true;
        }
        return false;
    }

    /** The page's own files, read once from the classpath ({@code /web}). */
    static final class Files {
        private static final Map<String, String> TYPES = Map.of(".html", "text/html; charset=utf-8",
                ".js", "text/javascript; charset=utf-8", ".css", "text/css; charset=utf-8");
        private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

        void serve(Context ctx, String name) {
            byte[] body = cache.computeIfAbsent(name, Files::read);
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.')), "application/octet-stream");
            answer(ctx, body, type, REVALIDATE);
        }

        private static byte[] read(String name) {
            try (var in = Revalidated.class.getResourceAsStream("/web/" + name)) {
                if (in == null) throw new IllegalStateException("page file missing from the jar [file=/web/" + name + "]");
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read page file [file=/web/" + name + "]", e);
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

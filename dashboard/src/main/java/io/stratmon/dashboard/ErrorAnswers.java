package io.stratmon.dashboard;

import com.fasterxml.jackson.core.JacksonException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The last word on an exception no other handler took, so none reaches Javalin's default handler: a malformed body is
 * a 400 with the reason, Javalin's own responses keep their status, and anything else is a 500 whose body says only
 * "internal error", logged once with the route (the tests fuzz every route and expect to find none).
 */
final class ErrorAnswers {
    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {}

    static void handle(Exception e, Context ctx) {
        if (e instanceof HttpResponseException r) {
            ctx.status(r.getStatus()).json(Map.of("error", String.valueOf(r.getMessage())));
        } else if (e instanceof JacksonException || e.getCause() instanceof JacksonException) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "the body is not valid JSON; send {\"sql\": \"...\"}"));
        } else {
            log.error("Internal error [route={} {}]", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error"));
        }
    }
}

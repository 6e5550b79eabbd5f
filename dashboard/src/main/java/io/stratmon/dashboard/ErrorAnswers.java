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
 * <p>
 * An exception can also arrive after the exchange is over: an SSE stream whose client went away, or a server
 * stopping, finishes the request under the stream, and the stream's next write completes Javalin's future on a
 * recycled request. Asking that request for its path throws (a NullPointerException inside Jetty), and an exception
 * handler that throws makes Javalin queue another exception task for it, over and over. Nobody is left to answer, so
 * such an exception is logged at debug, without a stack trace, and nothing is written.
 */
final class ErrorAnswers {
    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {}

    static void handle(Exception e, Context ctx) {
        String route = route(ctx);
        Boolean committed = route == null ? null : committed(ctx);
        if (committed == null) {
            log.debug("No answer for an exchange that is over [error={}]", e.toString());
            return;
        }
        if (committed) {
            // A stream whose headers went out (SSE): the status can no longer change; say what went wrong in the log.
            if (!(e instanceof HttpResponseException)) log.error("Internal error after the answer started [route={}]", route, e);
            return;
        }
        try {
            answer(e, ctx, route);
        } catch (RuntimeException gone) {
            // The exchange ended between the check and the answer: nothing to tell anyone.
            log.debug("Cannot answer an exchange that ended [error={}, while={}]", gone.toString(), e.toString());
        }
    }

    private static void answer(Exception e, Context ctx, String route) {
        if (e instanceof HttpResponseException r) {
            ctx.status(r.getStatus()).json(Map.of("error", String.valueOf(r.getMessage())));
        } else if (e instanceof JacksonException || e.getCause() instanceof JacksonException) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "the body is not valid JSON; send {\"sql\": \"...\"}"));
        } else {
            log.error("Internal error [route={}]", route, e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error"));
        }
    }

    /** {@code GET /api/x}, or null when the request is gone (recycled by Jetty: its accessors throw). */
    private static String route(Context ctx) {
        try {
            return ctx.method() + " " + ctx.path();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    /** Whether the response has gone out (an SSE stream's headers are flushed at its start); null when it is gone. */
    private static Boolean committed(Context ctx) {
        try {
            return ctx.res().isCommitted();
        } catch (RuntimeException gone) {
            return null;
        }
    }
}

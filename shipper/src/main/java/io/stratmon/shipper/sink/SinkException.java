package io.stratmon.shipper.sink;

/** A batch was not acknowledged. {@link Kind} says whether retrying can help. */
public class SinkException extends RuntimeException {
    public enum Kind {
        /** The database refused the content (HTTP 4xx): retrying the same rows fails again. */
        REJECTED,
        /** The database was unreachable, overloaded or timed out: retry the same rows later. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final int httpStatus;
    private final int rowIndex;

    public SinkException(Kind kind, String message, int httpStatus, int rowIndex, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.rowIndex = rowIndex;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status of the refusal, or -1. */
    public int httpStatus() {
        return httpStatus;
    }

    /** 0-based index of the refused row in the batch, or -1 when the database did not say. */
    public int rowIndex() {
        return rowIndex;
    }
}

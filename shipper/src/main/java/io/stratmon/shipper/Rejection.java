package io.stratmon.shipper;

import io.stratmon.shipper.tail.FileSource;

/** A line on its way to the dead-letter file: where it is, its bytes (null when too long to keep) and why. */
record Rejection(FileSource source, long offset, byte[] line, String reason, Converted.Stage stage) {}

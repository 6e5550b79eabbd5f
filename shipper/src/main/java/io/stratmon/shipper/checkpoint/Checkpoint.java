package io.stratmon.shipper.checkpoint;

import io.stratmon.shipper.tail.FileId;

/**
 * How far a file is safely shipped: every line before {@code offset} is acknowledged by QuestDB.
 *
 * @param path the path the file had when last seen (for humans and for `status`; identity is {@code id})
 */
public record Checkpoint(FileId id, String path, long offset) {}

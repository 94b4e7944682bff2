package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.model.Content;

/**
 * The check stage's checkpoint: the content that passed, and how many regenerations it took.
 *
 * @param content the content every target's rules accept
 * @param regenerations how many times it was regenerated
 */
public record Checked(Content content, int regenerations) {}

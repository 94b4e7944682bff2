/**
 * Immutable domain records exchanged with providers: trends, content, assets, products, posts, money and payments.
 */
@NullMarked
package ai.clouvel.sdk.model;

import org.jspecify.annotations.NullMarked;

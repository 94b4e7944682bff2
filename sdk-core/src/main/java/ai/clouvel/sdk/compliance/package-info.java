/**
 * The compliance checker: validates a post's title and body against a platform's
 * {@link ai.clouvel.sdk.model.PlatformRules} (weighted length, title length, hashtags, links,
 * affiliate disclosure, blocked terms) and lists every violation with a machine code and a reason
 * a generator can act on.
 */
@NullMarked
package ai.clouvel.sdk.compliance;

import org.jspecify.annotations.NullMarked;

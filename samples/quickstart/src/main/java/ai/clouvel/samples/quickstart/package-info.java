/**
 * The offline quickstart: a command-line program that runs the Clouvel pipeline end to end with the
 * embedded providers (sample trends, template content, Zazzle links, a local outbox) and writes an
 * HTML report of each run.
 */
@NullMarked
package ai.clouvel.samples.quickstart;

import org.jspecify.annotations.NullMarked;

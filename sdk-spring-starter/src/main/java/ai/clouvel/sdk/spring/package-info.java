/**
 * Spring Boot auto-configuration of the Clouvel SDK: a {@link ai.clouvel.sdk.Clouvel} bean built
 * from {@code clouvel.*} properties ({@link ai.clouvel.sdk.spring.ClouvelProperties}) and from the
 * provider beans defined in the application context.
 */
@NullMarked
package ai.clouvel.sdk.spring;

import org.jspecify.annotations.NullMarked;

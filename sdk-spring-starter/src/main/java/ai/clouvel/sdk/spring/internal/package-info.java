/** Implementation of the Spring Boot starter; not API. */
@NullMarked
package ai.clouvel.sdk.spring.internal;

import org.jspecify.annotations.NullMarked;

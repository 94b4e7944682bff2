/** JDBC support shared by the SDK's stores: dialect detection and schema migrations. Internal. */
@NullMarked
package ai.clouvel.sdk.internal.jdbc;

import org.jspecify.annotations.NullMarked;

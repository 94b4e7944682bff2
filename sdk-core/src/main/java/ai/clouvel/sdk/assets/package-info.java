/**
 * Where generated assets (art) are kept so that commerce providers and platforms can fetch them:
 * {@link ai.clouvel.sdk.assets.AssetStore}, with a local-directory default.
 */
@NullMarked
package ai.clouvel.sdk.assets;

import org.jspecify.annotations.NullMarked;

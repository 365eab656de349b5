package io.khidma.build;

import org.openapitools.codegen.languages.TypeScriptFetchClientCodegen;

/**
 * OpenAPI Generator's {@code typescript-fetch} client generator, which the integrators' TypeScript
 * clients are generated with, without the donation banner the stock generator prints after every
 * run.
 */
public class QuietTypeScriptFetchCodegen extends TypeScriptFetchClientCodegen {

    @Override
    public void postProcess() {
        // The stock generator prints its banner here and does nothing else.
    }
}

package io.khidma.build;

import io.swagger.v3.oas.models.parameters.RequestBody;
import org.openapitools.codegen.CodegenParameter;
import org.openapitools.codegen.languages.JavaJAXRSSpecServerCodegen;

/**
 * OpenAPI Generator's {@code jaxrs-spec}, which the modules generate their server interfaces with,
 * without the donation banner the stock generator prints to standard output after every run,
 * nor its warning about every request body's example.
 */
public class QuietJaxRsSpecCodegen extends JavaJAXRSSpecServerCodegen {

    @Override
    public void postProcess() {
        // The stock generator prints its banner here and does nothing else.
    }

    @Override
    public void setParameterExampleValue(CodegenParameter parameter, RequestBody body) {
        if (parameter.isModel || (parameter.isContainer && parameter.getItems().isModel)) {
            // A model body's example in the contract is JSON for readers, which Java code cannot
            // quote: the stock generator drops it with a warning and shows a constructed model;
            // this shows the same without the warning.
            setParameterExampleValue(parameter);
        } else {
            super.setParameterExampleValue(parameter, body);
        }
    }
}

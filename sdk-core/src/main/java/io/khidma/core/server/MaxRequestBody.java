package io.khidma.core.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Raises (or lowers) the server's request body limit for one operation, e.g. a file upload that is
 * streamed rather than buffered. Put it on the resource method that implements the operation.
 *
 * <pre>{@code
 * @Override
 * @MaxRequestBody(bytes = 2L << 30)    // 2 GiB of CSV, streamed
 * public Response uploadVersion(UUID id, InputStream body) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MaxRequestBody {
    long bytes();
}

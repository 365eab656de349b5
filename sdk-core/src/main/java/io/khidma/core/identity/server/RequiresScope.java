package io.khidma.core.identity.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bearer token must be valid and carry every one of these scopes; enforced by {@link
 * BearerTokenFilter}. On a class it applies to every method; on a method it replaces the class's.
 *
 * <pre>{@code
 * @POST
 * @RequiresScope("catalogue:write")
 * public Response create(PublicService service, @Context SecurityContext security) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    String[] value();
}

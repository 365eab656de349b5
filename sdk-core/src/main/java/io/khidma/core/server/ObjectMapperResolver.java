package io.khidma.core.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khidma.core.json.KhidmaJson;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Makes Jersey's Jackson provider use {@link KhidmaJson}'s mapper, so server and client agree. */
@Provider
final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return KhidmaJson.mapper();
    }
}

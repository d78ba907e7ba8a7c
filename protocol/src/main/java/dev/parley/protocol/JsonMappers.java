package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson mappers whose parser and generator buffers come from one shared pool. Jackson's default
 * pool is thread-local, and every connection here has its own virtual threads: each would keep
 * ~20 KB of buffers alive for as long as its connection lasts.
 */
public final class JsonMappers {

    private JsonMappers() {
    }

    public static JsonMapper.Builder builder() {
        return JsonMapper.builder(JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build());
    }
}

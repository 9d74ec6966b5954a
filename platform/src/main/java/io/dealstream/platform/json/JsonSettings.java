package io.dealstream.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.events.EventJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST JSON follows the event contract's rules: exact plain decimals for money, ISO dates. */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        EventJson.configure(mapper);
    }
}

package io.dealstream.events.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official AsyncAPI 3.0.0 JSON Schema, as the npm package {@code @asyncapi/specs} ships it, fetched into
 * {@code target/} by {@code events/fetch-asyncapi-schema.sh} (it is never committed), and a validator of it.
 */
final class OfficialSchema {

    private final JsonSchema schema;

    private OfficialSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /** The schema, fetched if it is not there yet; an error saying why when it cannot be had (no npm, no registry). */
    static OfficialSchema fetch() throws IOException, InterruptedException {
        Process fetch = new ProcessBuilder("bash", "fetch-asyncapi-schema.sh").redirectErrorStream(true).start();
        if (!fetch.waitFor(180, TimeUnit.SECONDS)) {
            fetch.destroyForcibly();
            throw new IllegalStateException("fetch-asyncapi-schema.sh did not finish in 180 s");
        }
        String out = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (fetch.exitValue() != 0) {
            throw new IllegalStateException("fetch-asyncapi-schema.sh failed (" + fetch.exitValue() + "): " + out);
        }
        Path file = Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
        try {
            return new OfficialSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the schema finds wrong with the document, one line each; empty when it is valid. */
    List<String> violations(JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}

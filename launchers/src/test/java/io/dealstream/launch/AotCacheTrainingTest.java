package io.dealstream.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTrainingTest {

    private static final List<String> OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC");

    @TempDir
    Path root;

    @Test
    void aCacheTrainedForThisBuildWithTheseJvmOptionsNeedsNoTraining() throws IOException {
        ServiceNode node = nodeWithJar(Instant.parse("2026-12-04T10:00:00Z"));
        cache(node, Instant.parse("2026-12-04T10:05:00Z"), "-Xms32m -Xmx256m -XX:+UseSerialGC\n");
        assertFalse(node.needsTraining(OPTIONS));
    }

    @Test
    void aCacheTrainedWithOtherJvmOptionsIsTrainedAgainSinceTheJvmWouldRefuseIt() throws IOException {
        ServiceNode node = nodeWithJar(Instant.parse("2026-12-04T10:00:00Z"));
        cache(node, Instant.parse("2026-12-04T10:05:00Z"), "-Xms32m -Xmx256m -XX:+UseSerialGC\n");
        assertTrue(node.needsTraining(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:+UseCompactObjectHeaders")));
    }

    @Test
    void aCacheOlderThanTheBuildOrWithoutItsOptionsOrMissingIsTrainedAgain() throws IOException {
        ServiceNode node = nodeWithJar(Instant.parse("2026-12-04T10:00:00Z"));
        assertTrue(node.needsTraining(OPTIONS), "no cache");
        cache(node, Instant.parse("2026-12-04T09:55:00Z"), "-Xms32m -Xmx256m -XX:+UseSerialGC\n");
        assertTrue(node.needsTraining(OPTIONS), "a cache from before the build");
        Files.setLastModifiedTime(node.aotCache(), FileTime.from(Instant.parse("2026-12-04T10:05:00Z")));
        Files.delete(node.aotCache().resolveSibling(ServiceNode.AOT_CACHE + ".options"));
        assertTrue(node.needsTraining(OPTIONS), "a cache whose options are not known");
    }

    @Test
    void aTrainingRunCutShortLeavesNoUsableCacheSoTheNextStartTrainsAgain() throws IOException {
        ServiceNode node = nodeWithJar(Instant.parse("2026-12-04T10:00:00Z"));
        cache(node, Instant.parse("2026-12-04T10:05:00Z"), "-Xms32m -Xmx256m -XX:+UseSerialGC\n");
        // a training run starts: the old cache and its options go; the JVM is killed as it writes the new cache
        node.startTraining(java.util.Map.of(), List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-version"), false);
        node.process().stop(java.time.Duration.ofSeconds(30));
        Files.writeString(node.aotCache(), "");
        assertTrue(node.needsTraining(OPTIONS), "an empty cache without options");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.trained(OPTIONS));
        assertTrue(e.getMessage().contains("compute-service's training run left no AOT cache"), e.getMessage());
        assertTrue(node.needsTraining(OPTIONS));

        Files.writeString(node.aotCache(), "cache");
        node.trained(OPTIONS);
        assertFalse(node.needsTraining(OPTIONS));
        assertEquals("-Xms32m -Xmx256m -XX:+UseSerialGC\n",
                Files.readString(node.aotCache().resolveSibling(ServiceNode.AOT_CACHE + ".options")));
    }

    private ServiceNode nodeWithJar(Instant built) throws IOException {
        ServiceNode node = new ServiceNode(Service.COMPUTE, root.resolve("home"), root, 8082);
        Files.createDirectories(node.jar().getParent());
        Files.writeString(node.jar(), "jar");
        Files.setLastModifiedTime(node.jar(), FileTime.from(built));
        return node;
    }

    private static void cache(ServiceNode node, Instant trained, String options) throws IOException {
        Files.writeString(node.aotCache(), "cache");
        Files.setLastModifiedTime(node.aotCache(), FileTime.from(trained));
        Files.writeString(node.aotCache().resolveSibling(ServiceNode.AOT_CACHE + ".options"), options);
    }
}

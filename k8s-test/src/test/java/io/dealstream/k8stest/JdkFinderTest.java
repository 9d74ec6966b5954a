package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .mvn/jdk.sh, which ./mvnw, make and .ci/run ask for the JDK 25 to use, run against stub JDKs. */
class JdkFinderTest {

    @TempDir
    Path dir;

    @Test
    void aJdk25InAnInstallPlaceIsFoundWhenJavaHomeIsAnOlderOne() throws Exception {
        Path jdk17 = jdk("jdk-17", 17);
        Path jdk25 = jdk("install/temurin-25-jdk", 25);
        jdk("install/openjdk-21", 21);
        Result r = find(Map.of("JAVA_HOME", jdk17.toString(), "JDK_DIRS", dir.resolve("install") + "/*"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(jdk25.toString(), r.out().trim());
    }

    @Test
    void javaHomeIsTakenAsItIsWhenItIs25OrNewer() throws Exception {
        Path jdk26 = jdk("jdk-26", 26);
        jdk("install/temurin-25-jdk", 25);
        Result r = find(Map.of("JAVA_HOME", jdk26.toString(), "JDK_DIRS", dir.resolve("install") + "/*"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(jdk26.toString(), r.out().trim());
    }

    @Test
    void withoutAJdk25ItFailsNamingEveryJdkItFound() throws Exception {
        Path jdk17 = jdk("jdk-17", 17);
        Path jdk21 = jdk("install/openjdk-21", 21);
        Result r = find(Map.of("JAVA_HOME", jdk17.toString(), "JDK_DIRS", dir.resolve("install") + "/*"));
        assertEquals(1, r.exit(), r.out());
        assertEquals("", r.out());
        assertEquals(List.of(
                "DealStream needs a JDK 25 or newer (Temurin 25, or your distribution's openjdk-25-jdk); set JAVA_HOME to one.",
                "Found only:",
                "  " + jdk17 + " (Java 17)",
                "  " + jdk21 + " (Java 21)"), r.err().lines().toList());
    }

    @Test
    void withNoJdkAtAllItSaysWhereItLooked() throws Exception {
        Result r = find(Map.of("JDK_DIRS", dir.resolve("none") + "/*"));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("Found no JDK (JAVA_HOME is unset, no javac on PATH, none in /usr/lib/jvm and the "
                + "like)."), r.err());
    }

    /** A JDK home whose java answers the version probe as a JDK of that feature release does. */
    private Path jdk(String name, int feature) throws IOException {
        Path bin = dir.resolve(name).resolve("bin");
        Files.createDirectories(bin);
        executable(bin.resolve("java"), "#!/bin/sh\necho '    java.specification.version = " + feature + "' >&2\n");
        executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        return dir.resolve(name);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Result(int exit, String out, String err) {
    }

    private Result find(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", Kustomize.root().resolve(".mvn/jdk.sh").toString());
        pb.environment().clear();
        // a PATH with the tools the script uses and no javac: only JAVA_HOME and JDK_DIRS are looked at
        Path tools = dir.resolve("tools");
        if (!Files.isDirectory(tools)) {
            Files.createDirectories(tools);
            for (String tool : List.of("sed", "head", "ls", "sort", "readlink", "dirname")) {
                Path real = Files.isExecutable(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
                Files.createSymbolicLink(tools.resolve(tool), real);
            }
        }
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jdk.sh ended");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}

package org.oncofhir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Server processes behind HAProxy, run by the operator kit's own script ({@code scripts/oncofhir-cluster.sh}) on the
 * packaged jar, on one PostgreSQL database: what the README tells an operator to run is what the test runs.
 */
public final class Cluster implements AutoCloseable {

    private static final Path SCRIPT = Path.of("scripts", "oncofhir-cluster.sh");
    private static final Path JAR = Path.of("target", "oncofhir.jar");

    private final Path directory;
    private final int balancerPort;
    private final int firstNodePort;
    private final Map<String, String> database;

    private Cluster(Path directory, Map<String, String> database) {
        this.directory = directory;
        this.database = database;
        this.balancerPort = Ports.free();
        this.firstNodePort = Ports.freeRun(2);
    }

    /** Two nodes started together on the database, then the balancer; returns once all answer ready. */
    public static Cluster start(Path directory, Map<String, String> database, List<String> serverArgs)
            throws IOException, InterruptedException {
        SystemPrograms.require("haproxy and curl", Path.of("/usr/sbin/haproxy"), Path.of("/usr/bin/curl"));
        assertThat(JAR)
                .as("the packaged server (mvn package runs before the integration tests)")
                .exists();
        Cluster cluster = new Cluster(directory, database);
        List<String> command = new ArrayList<>(List.of("start", "--"));
        command.addAll(serverArgs);
        try {
            cluster.run(command);
        } catch (IOException | InterruptedException | AssertionError e) {
            try {
                cluster.close();
            } catch (IOException | InterruptedException | AssertionError stopFailed) {
                e.addSuppressed(stopFailed);
            }
            throw e;
        }
        return cluster;
    }

    public String balancerUrl() {
        return "http://127.0.0.1:" + balancerPort;
    }

    public String nodeUrl(int node) {
        return "http://127.0.0.1:" + (firstNodePort + node - 1);
    }

    /** SIGKILL: no shutdown hook, no graceful drain, connections cut mid-request. */
    public void kill(int node) throws IOException {
        long pid = Long.parseLong(
                Files.readString(directory.resolve("node" + node + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        assertThat(process.destroyForcibly()).isTrue();
        process.onExit().join();
    }

    /** Starts the node again with the arguments the cluster was started with; returns once it is ready. */
    public void restart(int node) throws IOException, InterruptedException {
        run(List.of("start-node", String.valueOf(node)));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("stop"));
    }

    private void run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("CLUSTER_DIR", directory.toString());
        env.put("NODES", "2");
        env.put("BALANCER_PORT", String.valueOf(balancerPort));
        env.put("FIRST_NODE_PORT", String.valueOf(firstNodePort));
        env.put("ONCOFHIR_JAR", JAR.toAbsolutePath().toString());
        // Three JVMs and PostgreSQL share the machine with the test.
        env.put("JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
        env.put("ONCOFHIR_DB_URL", database.get("spring.datasource.url"));
        env.put("ONCOFHIR_DB_USER", database.get("spring.datasource.username"));
        env.put("ONCOFHIR_DB_PASSWORD", database.get("spring.datasource.password"));
        SystemPrograms.run(command, env, null, directory.resolve("script.log"), Duration.ofMinutes(10));
    }
}

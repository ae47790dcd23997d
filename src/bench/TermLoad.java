import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Terminology-operation load: CONC clients GET one URL back to back for DURATION seconds (after WARMUP seconds not
 * counted) and print req/s, p50, p99 and errors (any non-200). The workload FhirLoad (../shared/tools/fhir-load) has
 * no terminology mode; this is its counterpart for $expand and $validate-code.
 * Usage: java TermLoad.java LABEL URL CONC DURATION WARMUP
 */
public class TermLoad {

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI uri = URI.create(args[1]);
        int conc = Integer.parseInt(args[2]);
        double duration = Double.parseDouble(args[3]);
        double warmup = Double.parseDouble(args[4]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(60))
                .build();
        run(client, request, conc, warmup, new ArrayList<>(), new AtomicInteger());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        run(client, request, conc, duration, latencies, errors);
        double wall = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                "RESULT {\"label\":\"%s\",\"req_per_s\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"errors\":%d}%n",
                label, sorted.size() / wall, pct(sorted, 50), pct(sorted, 99), errors.get());
    }

    private static void run(
            HttpClient client, HttpRequest request, int conc, double seconds, List<Long> latencies, AtomicInteger errors)
            throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < conc; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    latencies.add(System.nanoTime() - t0);
                }
            });
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}

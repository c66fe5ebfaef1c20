package kg.launcher;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import inet.ipaddr.IPAddressString;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.Level;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * kg's embedded Neo4j: one Neo4j 5.26 Community DBMS in this JVM, reachable over Bolt on loopback.
 *
 * <pre>
 * java -Xmx2g -cp CLASSPATH kg.launcher.EmbeddedNeo4j \
 *     --home DIR --data DIR --logs DIR --port 7687 --pagecache 1g --password-file FILE
 * </pre>
 *
 * Locked down, because other local users reach 127.0.0.1 too: authentication is on, and the user
 * {@code neo4j} has the password held in FILE (kg keeps it in KG_HOME, mode 0600; it is never put on
 * the command line, which every user can read). The password is handed to Neo4j as its initial
 * password ({@code data/dbms/auth.ini}, what {@code neo4j-admin dbms set-initial-password} writes),
 * so it is in force before Bolt accepts a connection; on a database made before auth was on, Neo4j
 * applies it at start because {@code neo4j} still has the default password. The file is removed once
 * the DBMS is up. LOAD CSV may not read files (no import directory) nor fetch from any address.
 * Neo4j's user log goes to standard output
 * (which kg sends to KG_HOME/logs/neo4j.log), its debug log to the logs directory. Once Bolt answers
 * a handshake, one line {@code READY bolt://127.0.0.1:PORT pid=PID} is printed. SIGTERM (or any
 * normal JVM exit) shuts the DBMS down cleanly through a shutdown hook. A start that fails prints one
 * {@code FAILED ...} line with the root cause and exits with status 1.
 */
public final class EmbeddedNeo4j {
    private static final String HOST = "127.0.0.1";

    private EmbeddedNeo4j() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> opts = parse(args);
        Path home = Path.of(require(opts, "home")).toAbsolutePath();
        Path data = Path.of(opts.getOrDefault("data", home.resolve("data").toString())).toAbsolutePath();
        Path logs = Path.of(opts.getOrDefault("logs", home.resolve("logs").toString())).toAbsolutePath();
        int port = Integer.parseInt(require(opts, "port"));
        long pagecache = ByteUnit.parse(opts.getOrDefault("pagecache", "512m"));
        Path passwordFile = Path.of(require(opts, "password-file"));
        PrintStream out = System.out;

        DatabaseManagementService dbms;
        Path initialPassword;
        try {
            Files.createDirectories(data);
            Files.createDirectories(logs);
            initialPassword = writeInitialPassword(home, data, passwordFile);
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(new Unclosable(out), Level.INFO))
                    .setConfig(GraphDatabaseSettings.data_directory, data)
                    .setConfig(GraphDatabaseSettings.logs_directory, logs)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                            List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .build();
            Files.deleteIfExists(initialPassword);
        } catch (Throwable error) {
            out.println("FAILED " + rootCause(error));
            out.flush();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("STOPPING");
            out.flush();
            try {
                dbms.shutdown();
                out.println("STOPPED");
            } catch (Throwable error) {
                out.println("FAILED shutdown: " + rootCause(error));
            }
            out.flush();
            stopped.countDown();
        }, "kg-neo4j-shutdown"));

        if (!waitForBolt(port, Duration.ofSeconds(120))) {
            out.println("FAILED Bolt did not answer on " + HOST + ":" + port + " within 120 s");
            out.flush();
            System.exit(1);
        }
        out.println("READY bolt://" + HOST + ":" + port + " pid=" + ProcessHandle.current().pid());
        out.flush();
        stopped.await();
    }

    /** Write Neo4j's initial-password file for user neo4j from kg's password file; returns its path. */
    static Path writeInitialPassword(Path home, Path data, Path passwordFile) throws Exception {
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password file " + passwordFile + " is empty");
        }
        Config config = Config.newBuilder()
                .set(GraphDatabaseSettings.neo4j_home, home)
                .set(GraphDatabaseSettings.data_directory, data)
                .build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (var fs = new DefaultFileSystemAbstraction()) {
            var users = new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            users.start();
            var credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            users.create(new User("neo4j", null, credential, false, false));
            users.shutdown();
        }
        return file;
    }

    /** A Bolt handshake: the magic preamble and four proposed versions; any 4-byte answer means Bolt is up. */
    static boolean waitForBolt(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] hello = {
            0x60, 0x60, (byte) 0xB0, 0x17,
            0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0,
        };
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                socket.setSoTimeout(2000);
                socket.getOutputStream().write(hello);
                socket.getOutputStream().flush();
                new DataInputStream(socket.getInputStream()).readInt();
                return true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument: " + arg);
            }
            opts.put(arg.substring(2), args[++i]);
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            usage("missing --" + name);
        }
        return value;
    }

    private static void usage(String problem) {
        System.out.println("FAILED " + problem
                + " (usage: EmbeddedNeo4j --home DIR [--data DIR] [--logs DIR] --port N [--pagecache SIZE]"
                + " --password-file FILE)");
        System.exit(2);
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            text.append(": ").append(cause.getMessage());
        }
        return cause.getClass().getSimpleName() + ": " + text.toString().replace('\n', ' ');
    }

    /** Neo4j closes its log provider on shutdown; standard output must outlive it for the last lines. */
    private static final class Unclosable extends OutputStream {
        private final OutputStream target;

        Unclosable(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.flush();
        }
    }
}

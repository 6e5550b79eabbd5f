package io.stratmon.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The embedded QuestDB's logins: one admin user for HTTP ({@code /exec}, the web console, ILP over HTTP) and PGWire,
 * and a read-only PGWire user for Grafana. Generated on first start (192 random bits each), kept in
 * {@code <dataDir>/credentials} with owner-only permissions, and read back on later starts.
 *
 * <pre>{@code
 * QuestDbCredentials c = QuestDbCredentials.loadOrCreate(Path.of("stratmon-data/questdb"));
 * SqlClient sql = SqlClient.connect(url, c.user(), c.password());
 * }</pre>
 *
 * A credentials file that group or others may read (or write) is refused: anyone who can read it owns the database.
 */
public record QuestDbCredentials(String user, String password, String readOnlyUser, String readOnlyPassword) {
    public static final String FILE_NAME = "credentials";
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Generates fresh passwords for the users {@code admin} and {@code grafana}. */
    public static QuestDbCredentials generate() {
        return new QuestDbCredentials("admin", randomSecret(), "grafana", randomSecret());
    }

    /** 24 random bytes as URL-safe base64: 32 characters that need no quoting in a URL, a shell, TOML or YAML. */
    static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The admin login as an HTTP {@code Authorization} header value. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The credentials file of a data dir. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Reads {@code <dataDir>/credentials}, or creates it (0600; the dir 0700 if this call creates it) with generated
     * passwords. Throws {@link IllegalStateException} with what to do when the file is open to others or unreadable.
     */
    public static QuestDbCredentials loadOrCreate(Path dataDir) {
        Path file = file(dataDir);
        try {
            if (!Files.isDirectory(dataDir)) createOwnerOnlyDirectories(dataDir);
            if (!Files.exists(file)) {
                QuestDbCredentials created = generate();
                try {
                    created.writeNew(file);
                    return created;
                } catch (FileAlreadyExistsException raced) {
                    // Another process created it first: use theirs.
                }
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the QuestDB credentials file [path=" + file.toAbsolutePath() + "]", e);
        }
    }

    /** Reads a credentials file, refusing one that group or others can access. */
    public static QuestDbCredentials read(Path file) throws IOException {
        requireOwnerOnly(file);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        String user = p.getProperty("user"), password = p.getProperty("password");
        String roUser = p.getProperty("readonly_user"), roPassword = p.getProperty("readonly_password");
        if (blank(user) || blank(password) || blank(roUser) || blank(roPassword)) {
            throw new IllegalStateException("QuestDB credentials file is incomplete [path=" + file.toAbsolutePath()
                    + "]: it needs user, password, readonly_user and readonly_password; delete it to generate new ones");
        }
        if (user.equals(roUser)) {
            throw new IllegalStateException("QuestDB credentials file gives the read-only user the admin's name [path="
                    + file.toAbsolutePath() + ", user=" + user + "]: choose another readonly_user");
        }
        return new QuestDbCredentials(user.strip(), password.strip(), roUser.strip(), roPassword.strip());
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) return;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        boolean open = perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
        if (open) {
            throw new IllegalStateException("QuestDB credentials file is open to other users [path=" + file.toAbsolutePath()
                    + ", permissions=" + PosixFilePermissions.toString(perms) + "]: run 'chmod 600 " + file.toAbsolutePath()
                    + "' (and change the passwords if others may have read them: delete the file and restart)");
        }
    }

    /** Written to a 0600 temp file first, then moved: the file is never visible half-written or with wider permissions. */
    private void writeNew(Path file) throws IOException {
        String text = "# stratmon: logins of the embedded QuestDB (generated; keep this file private, mode 600).\n"
                + "# user/password: HTTP (/exec, web console, ILP over HTTP) and PGWire. readonly_*: PGWire, read-only (Grafana).\n"
                + "user=" + user + "\npassword=" + password + "\nreadonly_user=" + readOnlyUser + "\nreadonly_password=" + readOnlyPassword + "\n";
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        Path tmp = posix ? Files.createTempFile(dir, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(dir, ".credentials", ".tmp");
        try {
            Files.writeString(tmp, text);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createOwnerOnlyDirectories(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
        boolean posix = Files.getFileStore(parent == null ? dir.toAbsolutePath().getRoot() : parent).supportsFileAttributeView("posix");
        try {
            if (posix) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            else Files.createDirectory(dir);
            // The umask may have narrowed the mode further, never widened it; set it exactly.
            if (posix) Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        } catch (FileAlreadyExistsException e) {
            // Created meanwhile by someone else: theirs stays as it is.
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Never the passwords: records print their fields, and this one is logged. */
    @Override
    public String toString() {
        return "QuestDbCredentials[user=" + user + ", readOnlyUser=" + readOnlyUser + ", passwords=***]";
    }
}

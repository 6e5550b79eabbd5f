package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Playwright driver and one Chromium per test JVM, shared by the browser ITs that run in it one after another
 * (failsafe runs a fork's classes in turn, on one thread, which is what Playwright asks for). Starting them cost every
 * class a Node.js driver and a Chromium; now the first class of a fork pays it.
 * <p>
 * What a class gets back looks like its own: {@code close()} on the {@link Playwright} does nothing, and {@code close()}
 * on the {@link Browser} closes every context and page the class left open (each class opens its own contexts, so no
 * cookie, storage or page of one class is seen by the next) and keeps Chromium running. A Chromium that crashed or
 * disconnected is started again for the next class. Both end with the JVM.
 */
final class SharedChromium {
    static final List<String> ARGS = List.of("--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-gpu");

    /**
     * Debian's {@code chromium-headless-shell} (the same Blink, V8 and network stack as {@code chromium}, without the
     * browser's windowing layer; it is what Playwright itself runs for headless tests), or {@code /usr/bin/chromium} where
     * only that is installed; {@code -Dstratmon.test.chromium=PATH} picks another. {@code mvn -pl app -am verify
     * -Dit.test='*BrowserIT'} took 61 s of CPU in 57 s with the full Chromium, 47 s in 39 s with the shell (two runs
     * each, in turn, 2 cores, 2026-12-02).
     */
    static Path executable() {
        String chosen = System.getProperty("stratmon.test.chromium");
        if (chosen != null && !chosen.isBlank()) return Path.of(chosen);
        Path shell = Path.of("/usr/bin/chromium-headless-shell");
        return Files.isExecutable(shell) ? shell : Path.of("/usr/bin/chromium");
    }

    private static Playwright playwright;
    private static Browser browser;

    private SharedChromium() {}

    /** The fork's Playwright driver (started on first use); its {@code close()} does nothing. */
    static synchronized Playwright playwright() {
        if (playwright == null) {
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Runtime.getRuntime().addShutdownHook(new Thread(SharedChromium::closeAll, "shared-chromium-close"));
        }
        return proxy(Playwright.class, playwright, "close", () -> {});
    }

    /** The fork's Chromium (started on first use, again if it died); its {@code close()} closes what the caller opened. */
    static synchronized Browser browser() {
        playwright();
        if (browser == null || !browser.isConnected()) {
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(DashboardBrowserIT.CHROMIUM).setArgs(ARGS));
        }
        Browser shared = browser;
        return proxy(Browser.class, shared, "close", () -> {
            for (BrowserContext c : List.copyOf(shared.contexts())) c.close();
        });
    }

    private static synchronized void closeAll() {
        try {
            if (browser != null) browser.close();
            playwright.close(); // waits for the driver, so its and Chromium's CPU time is counted for this JVM
        } catch (RuntimeException ignored) {
            // the JVM is ending: the driver ends with its pipe anyway
        }
    }

    /** {@code target} behind {@code type}, with the no-argument method {@code name} replaced by {@code instead}. */
    private static <T> T proxy(Class<T> type, T target, String name, Runnable instead) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.getName().equals(name) && method.getParameterCount() == 0) {
                instead.run();
                return null;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}

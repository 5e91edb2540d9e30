package health.carnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven by Selenium for the portals' browser tests: phone-sized by default
 * (390×844), axe-core injected into the page to check RGAA / WCAG 2.1 AA, screenshots saved under
 * {@code target/screenshots/}. Tests are skipped, and say so, where the browser is missing
 * ({@code .ci/run} installs it).
 */
public final class Browser implements AutoCloseable {

    private static String axeSource;

    private final WebDriver driver;
    private final String base;

    private Browser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A headless Chromium at phone size, on the application at {@code http://127.0.0.1:<port>}. */
    public static Browser phone(int port) {
        return open(port, 390, 844);
    }

    public static Browser open(int port, int width, int height) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver are installed by .ci/run");
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--lang=fr-FR");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "fr-FR,fr"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), "http://127.0.0.1:" + port);
    }

    public WebDriver driver() {
        return driver;
    }

    public String base() {
        return base;
    }

    public Browser get(String path) {
        driver.get(base + path);
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Browser type(String css, String text) {
        return retrying(() -> {
            WebElement e = find(css);
            e.clear();
            e.sendKeys(text);
        });
    }

    public Browser click(String css) {
        return retrying(() -> find(css).click());
    }

    /**
     * Whether the driver answered about an element of a page that is being replaced: stale, not yet
     * there, or (Chromium's inspector, since version 156) a node that "does not belong to the document".
     */
    static boolean pageInFlux(org.openqa.selenium.WebDriverException e) {
        return e instanceof org.openqa.selenium.StaleElementReferenceException || e instanceof org.openqa.selenium.NoSuchElementException
                || String.valueOf(e.getMessage()).contains("does not belong to the document");
    }

    /**
     * Runs an action on an element found afresh, again while the page is being replaced (10 s): an
     * element found on the old page of a navigation fails before the action happens, so nothing is
     * done twice.
     */
    private Browser retrying(Runnable action) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                action.run();
                return this;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (!pageInFlux(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The text of the element once present (10 s), read again should the page be replaced meanwhile
     * (an element found on the old page goes stale before its text is read).
     */
    public String textOf(String css) {
        String[] text = {null};
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            try {
                text[0] = d.findElement(By.cssSelector(css)).getText();
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (pageInFlux(e)) {
                    return false;
                }
                throw e;
            }
        });
        return text[0];
    }

    /** Waits until an element matching the selector is present (10 s). */
    public WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Waits (10 s) until the element's text is the one expected, then returns normally; fails with the
     * last text seen. Reading a heading right after a submit may meet the old page's element, which
     * goes stale while the new page loads: the wait reads again instead of failing on the old page.
     */
    public Browser awaitText(String css, String expected) {
        return awaitText(css, expected::equals, "\"" + expected + "\"");
    }

    /** As {@link #awaitText(String, String)}, for a text that begins as given (the rest computed). */
    public Browser awaitTextStartingWith(String css, String prefix) {
        return awaitText(css, t -> t.startsWith(prefix), "a text starting with \"" + prefix + "\"");
    }

    private Browser awaitText(String css, java.util.function.Predicate<String> wanted, String expected) {
        String[] seen = {null};
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
                try {
                    seen[0] = d.findElement(By.cssSelector(css)).getText();
                    return wanted.test(seen[0]);
                } catch (org.openqa.selenium.WebDriverException e) {
                    if (pageInFlux(e)) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("'" + css + "' shows \"" + seen[0] + "\", expected " + expected + " (on " + path() + ")");
        }
        return this;
    }

    /** Waits until this element's page is gone (10 s): after re-posting a form, its answer repeats the element's id. */
    public Browser awaitGone(WebElement old) {
        // not ExpectedConditions.stalenessOf: Chromium 156 answers a replaced page's node with "does not belong
        // to the document", which that condition does not take for gone
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            try {
                old.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (pageInFlux(e)) {
                    return true;
                }
                throw e;
            }
        });
        return this;
    }

    /** Waits until the browser is on this path (10 s): a redirect's old page is not read by mistake. */
    public Browser awaitPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> path.equals(path()));
        return this;
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /**
     * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the current page and fails on any serious or
     * critical violation, naming the rule and the offending elements.
     */
    @SuppressWarnings("unchecked")
    public Browser assertAccessible() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axe());
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' -> ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        assertThat((List<String>) result).as("axe-core serious/critical violations on " + path()).isEmpty();
        return this;
    }

    /** Saves a full-window PNG under {@code target/screenshots/<name>.png}. */
    public Browser screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The page has no horizontal scrolling (phone first). */
    public Browser assertNoSidewaysScroll() {
        Object wider = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
        assertThat(wider).as("sideways scrolling on " + path()).isEqualTo(Boolean.FALSE);
        return this;
    }

    private static synchronized String axe() {
        if (axeSource == null) {
            try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

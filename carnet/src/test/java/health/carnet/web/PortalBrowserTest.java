package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.notification.Notifications;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** API-2, AUT-1, DOS-5 in a real browser (Debian's Chromium): a patient logs in, sees their dossier, closes and reopens it. */
@IntegrationTest
class PortalBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    WebDriver browser;

    @BeforeEach
    void startBrowser() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver are installed by .ci/run");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=412,915");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPatientLogsInWithTheOneTimeCodeSeesTheDossierClosesAndReopensIt() {
        String base = "http://127.0.0.1:" + port;
        browser.get(base + "/portail");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        browser.findElement(By.id("identifiant")).sendKeys("marc.fontaine");
        browser.findElement(By.id("motDePasse")).sendKeys(DemoPatients.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
        String code = new Patients(new Http(port), notifications).lastCode(DemoPatients.byLogin("marc.fontaine").email(), "LOGIN_CODE");
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".etat")));
        assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("Mon dossier");
        assertThat(browser.findElement(By.cssSelector(".etat")).getText()).isEqualTo("actif");
        assertThat(browser.getPageSource()).contains("Historique des accès").contains("LOGIN");

        browser.findElement(By.cssSelector("button.fermer")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".etat"), "fermé"));
        browser.findElement(By.cssSelector("button.rouvrir")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".etat"), "actif"));
    }

    @Test
    void aWrongPasswordIsSaidClearly() {
        browser.get("http://127.0.0.1:" + port + "/portail");
        browser.findElement(By.id("identifiant")).sendKeys("julie.faure");
        browser.findElement(By.id("motDePasse")).sendKeys("pas le bon");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert]"))).getText())
                .contains("Wrong login or password");
    }
}

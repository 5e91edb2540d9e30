package health.carnet.demo;

import health.carnet.directory.Directory;
import health.carnet.directory.ExtractImporter;
import health.carnet.directory.ImportReport;
import health.carnet.platform.CarnetSettings;
import java.io.BufferedReader;
import java.io.StringReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the demo data once, on the first start of an empty database, when {@code carnet.demo-data} is on. */
@Component
@Order(10)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final CarnetSettings settings;
    private final Directory directory;
    private final ExtractImporter importer;

    DemoData(CarnetSettings settings, Directory directory, ExtractImporter importer) {
        this.settings = settings;
        this.directory = directory;
        this.importer = importer;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!settings.demoData() || directory.size() > 0) {
            return;
        }
        ImportReport report = importer.importExtract(new BufferedReader(new StringReader(DemoDirectory.extract())),
                log::info);
        if (!report.rejections().isEmpty()) {
            throw new IllegalStateException("The demo directory has bad lines: " + report.rejections());
        }
        log.info("Demo directory loaded: {} professionals", report.imported());
    }
}

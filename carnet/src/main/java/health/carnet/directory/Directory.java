package health.carnet.directory;

import health.carnet.directory.internal.DirectoryRepository;
import health.carnet.shared.Idnps;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The directory's public API: look-up and search. Reading the directory is not clinical: no access decision. */
@Service
public class Directory {

    private final DirectoryRepository repository;

    Directory(DirectoryRepository repository) {
        this.repository = repository;
    }

    public Optional<Professional> professional(Idnps idnps) {
        return repository.find(idnps);
    }

    /** NOT-3: the MSSanté secure-messaging address of a professional (IDNPS), from the directory extract. */
    public Optional<String> mssanteAddress(String idnps) {
        return repository.mssanteAddress(idnps);
    }

    public Optional<Activity> activity(long id) {
        return repository.activity(id);
    }

    public Optional<Structure> structure(String idOrFiness) {
        return repository.structure(idOrFiness);
    }

    public SearchPage<Professional> searchProfessionals(DirectoryQuery query) {
        return page(repository.searchProfessionals(query), query);
    }

    public SearchPage<Activity> searchActivities(DirectoryQuery query) {
        return page(repository.searchActivities(query), query);
    }

    public SearchPage<Structure> searchStructures(String name, String city, int offset, int count) {
        int c = count <= 0 ? 20 : Math.min(count, DirectoryQuery.MAX_COUNT);
        List<Structure> rows = repository.searchStructures(name, city, Math.max(0, offset), c);
        return new SearchPage<>(rows.subList(0, Math.min(c, rows.size())), offset, rows.size() > c);
    }

    public long size() {
        return repository.countProfessionals();
    }

    private static <T> SearchPage<T> page(List<T> rows, DirectoryQuery q) {
        return new SearchPage<>(rows.subList(0, Math.min(q.count(), rows.size())), q.offset(), rows.size() > q.count());
    }
}

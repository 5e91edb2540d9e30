package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.ContactChanges;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.NotificationPreferences;
import health.carnet.dossier.PatientAccounts;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient's own settings on the JSON API, as the portal's "Coordonnées" and "Notifications"
 * pages make them (issue #12): the same services ({@link ContactChanges}: a code to the new
 * address and nothing changes until it comes back; {@link NotificationPreferences} through the
 * gate), the same checks and the same words (French at the API's edge, from {@code i18n/errors_fr.txt},
 * as the portal says them; English when the client prefers it).
 * <ul>
 * <li>{@code GET /api/me/contact}, {@code PUT /api/me/contact} {@code {email, phone, channel}} → 202
 * with the change waiting for its code (or 200 when nothing needs proving: an address removed),
 * {@code POST /api/me/contact/confirm} {@code {requestId, code}} → 200 the new details;</li>
 * <li>{@code GET /api/me/notifications}, {@code PUT /api/me/notifications} {@code {channels, events}}:
 * the person's own dossier, or with {@code ?dossier=} a minor's they represent (MIN-2).</li>
 * </ul>
 */
@RestController
class PatientSettingsApiController {

    private final Callers callers;
    private final ContactChanges contacts;
    private final NotificationPreferences preferences;
    private final Gate gate;
    private final Dossiers dossiers;
    private final PatientAccounts accounts;
    private final MessageSource messages;

    PatientSettingsApiController(Callers callers, ContactChanges contacts, NotificationPreferences preferences, Gate gate,
                                 Dossiers dossiers, PatientAccounts accounts, MessageSource messages) {
        this.callers = callers;
        this.contacts = contacts;
        this.preferences = preferences;
        this.gate = gate;
        this.dossiers = dossiers;
        this.accounts = accounts;
        this.messages = messages;
    }

    record ContactView(String email, String phone, String channel) {
        static ContactView of(ContactChanges.Contact c) {
            return new ContactView(c.email(), c.phone(), c.channel().name());
        }
    }

    record ContactRequest(String email, String phone, String channel) {
    }

    record ContactPending(UUID requestId, String channel, String sentTo, String message) {
    }

    record ContactConfirm(UUID requestId, String code) {
    }

    @GetMapping("/api/me/contact")
    ContactView contact(Authentication auth) {
        return ContactView.of(contacts.current(callers.patient(auth).id()));
    }

    @PutMapping("/api/me/contact")
    ResponseEntity<?> changeContact(Authentication auth, @RequestBody(required = false) ContactRequest body, Locale locale) {
        Actor me = callers.patient(auth);
        ContactRequest b = body == null ? new ContactRequest(null, null, null) : body;
        ContactChannel channel;
        if (b.channel() == null || b.channel().isBlank()) {
            channel = contacts.current(me.id()).channel();
        } else if ("EMAIL".equalsIgnoreCase(b.channel().strip()) || "SMS".equalsIgnoreCase(b.channel().strip())) {
            channel = ContactChannel.valueOf(b.channel().strip().toUpperCase(Locale.ROOT));
        } else {
            throw Problem.invalid("The channel is EMAIL or SMS.");
        }
        String email = b.email() == null ? "" : b.email().strip();
        String phone = b.phone() == null ? "" : b.phone().replaceAll("[\\s.]", "");
        // the portal's checks, in its words (PortalContactController)
        if (!email.isEmpty() && !ContactChannel.isEmail(email) || email.isEmpty() && channel == ContactChannel.EMAIL) {
            throw Problem.invalid("Enter a valid email address, for example name@example.org.");
        }
        if (!phone.isEmpty() && !ContactChannel.isMobile(phone) || phone.isEmpty() && channel == ContactChannel.SMS) {
            throw Problem.invalid("Enter a valid phone number, for example 06 12 34 56 78.");
        }
        ContactChanges.Pending p;
        try {
            p = contacts.request(me.id(), channel, email, phone);
        } catch (Problem refused) {
            // the portal's words (PortalContactController), French at the API's edge (i18n/errors_fr.txt)
            switch (refused.kind()) {
                case TOO_MANY -> throw new Problem(Problem.Kind.TOO_MANY, "You asked for too many codes. Try again in an hour.");
                case LOCKED -> throw new Problem(Problem.Kind.LOCKED, "Too many requests or wrong codes for this login. Try again later.");
                case INVALID -> {
                    if (String.valueOf(refused.getMessage()).startsWith("Nothing")) {
                        throw Problem.invalid("You changed nothing.");
                    }
                    throw Problem.invalid("Change one address at a time: each new address is confirmed by the code sent to it.");
                }
                default -> throw refused;
            }
        }
        if (p == null) {
            return ResponseEntity.ok(ContactView.of(contacts.current(me.id())));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ContactPending(p.requestId(), p.channel().name(), p.to(),
                messages.getMessage("api.codeEnvoye", new Object[] {p.to()}, locale)));
    }

    @PostMapping("/api/me/contact/confirm")
    ContactView confirmContact(Authentication auth, @RequestBody(required = false) ContactConfirm b) {
        Actor me = callers.patient(auth);
        if (b == null || b.requestId() == null) {
            throw Problem.invalid("Give requestId, returned by PUT /api/me/contact.");
        }
        String typed = b.code() == null ? "" : b.code().replaceAll("\\s", "");
        if (!typed.matches("[0-9]{6}")) {
            throw Problem.invalid("The code has 6 digits. Check it and try again.");
        }
        try {
            return ContactView.of(contacts.confirm(me.id(), b.requestId(), typed));
        } catch (Problem failed) {
            switch (failed.kind()) {
                case UNAUTHENTICATED -> throw new Problem(Problem.Kind.UNAUTHENTICATED, "This code is wrong. Check it and try again.");
                case TOO_MANY -> throw new Problem(Problem.Kind.TOO_MANY, "Too many wrong codes. Ask for a new one.");
                case LOCKED -> throw new Problem(Problem.Kind.LOCKED, "Too many requests or wrong codes for this login. Try again later.");
                case NOT_FOUND -> throw Problem.notFound("No change of contact details is waiting for this code. Start again.");
                default -> throw new Problem(failed.kind(), "This code expired or was already used. Ask for a new one.");
            }
        }
    }

    record NotificationsView(UUID dossierId, List<String> channels, List<String> events, List<String> optionalEvents,
                             List<String> alwaysSent) {
    }

    record NotificationsRequest(List<String> channels, List<String> events) {
    }

    /** The notices that cannot be turned off (NOT-3), as the portal lists them. */
    static final List<String> ALWAYS_SENT = List.of("LOGIN", "BREAK_GLASS", "CENTRE_15", "DOSSIER_LIFECYCLE", "ACCOUNT_LOCKED",
            "PASSWORD_CHANGED", "CONTACT_CHANGED");

    @GetMapping("/api/me/notifications")
    NotificationsView notifications(Authentication auth, @RequestParam(required = false) String dossier) {
        Actor me = callers.patient(auth);
        Permit permit = permit(me, dossier);
        return view(permit.dossierId(), preferences.of(permit));
    }

    @PutMapping("/api/me/notifications")
    NotificationsView changeNotifications(Authentication auth, @RequestParam(required = false) String dossier,
                                          @RequestBody(required = false) NotificationsRequest body) {
        Actor me = callers.patient(auth);
        NotificationsRequest b = body == null ? new NotificationsRequest(null, null) : body;
        Set<ContactChannel> channels = EnumSet.noneOf(ContactChannel.class);
        for (String s : b.channels() == null ? List.<String>of() : b.channels()) {
            String c = s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
            if (!c.equals("EMAIL") && !c.equals("SMS")) {
                throw Problem.invalid("The channel is EMAIL or SMS.");
            }
            channels.add(ContactChannel.valueOf(c));
        }
        Set<String> events = new HashSet<>();
        for (String e : b.events() == null ? List.<String>of() : b.events()) {
            if (e == null || !Dossier.OPTIONAL_EVENTS.contains(e.strip())) {
                throw Problem.invalid("The events you may choose are DOCUMENT_DEPOSITED (a new document) and AUTHORISATION"
                        + " (a new authorisation); the other notices are always sent.");
            }
            events.add(e.strip());
        }
        Permit permit = permit(me, dossier);
        Dossier d = dossiers.identity(permit);
        // the portal's checks, in its words (PortalNotificationsController): nothing saved when one fails
        if (channels.isEmpty()) {
            throw Problem.invalid("Choose at least one way: email or text message.");
        }
        if (channels.contains(ContactChannel.EMAIL) && (d.email() == null || d.email().isBlank())) {
            throw Problem.invalid("No email address is recorded: add one in My account.");
        }
        if (channels.contains(ContactChannel.SMS) && (d.phone() == null || d.phone().isBlank())) {
            throw Problem.invalid("No mobile number is recorded: add one in My account.");
        }
        preferences.set(permit, channels, events);
        return view(permit.dossierId(), preferences.of(permit));
    }

    /** The dossier named (one the person holds or represents), else their first: through the gate, as the portal. */
    private Permit permit(Actor me, String dossier) {
        List<UUID> mine = accounts.dossiersOf(me.id());
        UUID id;
        if (dossier == null || dossier.isBlank()) {
            if (mine.isEmpty()) {
                throw Problem.notFound("This dossier is neither yours nor that of a minor you represent.");
            }
            id = mine.get(0);
        } else {
            try {
                id = UUID.fromString(dossier.strip());
            } catch (IllegalArgumentException e) {
                throw Problem.notFound("This dossier is neither yours nor that of a minor you represent.");
            }
            if (!mine.contains(id)) {
                throw Problem.notFound("This dossier is neither yours nor that of a minor you represent.");
            }
        }
        return gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id), "api: notifications");
    }

    private static NotificationsView view(UUID dossierId, NotificationPreferences.Choice c) {
        return new NotificationsView(dossierId, c.channels().stream().map(Enum::name).sorted().toList(),
                new ArrayList<>(new TreeSet<>(c.events())), new ArrayList<>(new TreeSet<>(Dossier.OPTIONAL_EVENTS)), ALWAYS_SENT);
    }
}

-- NOT-3: messages to professionals go by MSSanté secure messaging to the address the directory
-- gives (the "Adresse BAL" of the MSSanté directory extract, personal mailboxes).
alter table directory_professional add column mssante_address text;

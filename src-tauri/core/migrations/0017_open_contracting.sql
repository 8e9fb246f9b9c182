-- 0017: contracts from Contracts Finder and Find a Tender, which English councils publish in
-- the Open Contracting Data Standard (OCDS 1.1, standard.open-contracting.org). The register
-- keeps what a published contract has beyond Section 1 of the template:
--
-- * its OCID, the open contracting identifier every release of one contracting process
--   shares, so that a later release updates the contract and never makes a second one;
-- * the buyer, as the publisher names it;
-- * every supplier, one per line, when an award has more than one (Section 1 holds them as
--   the contractor's name);
-- * the CPV classification (the Common Procurement Vocabulary), as code and description.
--
-- Kept with the register's other details, apart from the contract row, so the sealed form
-- of a report is unchanged.
ALTER TABLE contract_register ADD COLUMN ocid TEXT;
ALTER TABLE contract_register ADD COLUMN buyer TEXT NOT NULL DEFAULT '';
ALTER TABLE contract_register ADD COLUMN suppliers TEXT NOT NULL DEFAULT '';
ALTER TABLE contract_register ADD COLUMN cpv TEXT NOT NULL DEFAULT '';
-- OCIDs compare as references do, ASCII letters without regard to case.
CREATE UNIQUE INDEX contract_register_ocid ON contract_register (ocid COLLATE NOCASE) WHERE ocid IS NOT NULL;

/** Word lists the large-org generator draws names, titles and places from (ASCII apart from a few names). */

// prettier-ignore
export const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie',
  'Ronald', 'Rebecca', 'Jason', 'Laura', 'Edward', 'Sharon', 'Jeffrey', 'Cynthia', 'Ryan', 'Kathleen',
  'Jacob', 'Amy', 'Gary', 'Angela', 'Nicholas', 'Anna', 'Eric', 'Brenda', 'Jonathan', 'Emma',
  'Stephen', 'Olivia', 'Larry', 'Sophia', 'Justin', 'Isabella', 'Scott', 'Mia', 'Brandon', 'Charlotte',
  'Lukas', 'Hannah', 'Leon', 'Lena', 'Felix', 'Marie', 'Jonas', 'Lea', 'Maximilian', 'Johanna',
  'Luca', 'Giulia', 'Marco', 'Francesca', 'Matteo', 'Chiara', 'Lorenzo', 'Sofia', 'Alessandro', 'Martina',
  'Hugo', 'Chloe', 'Louis', 'Camille', 'Jules', 'Manon', 'Arthur', 'Ines', 'Raphael', 'Louise',
  'Mateo', 'Lucia', 'Pablo', 'Carmen', 'Diego', 'Elena', 'Javier', 'Paula', 'Alejandro', 'Marta',
  'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Kenji', 'Aiko', 'Arjun', 'Priya', 'Rahul', 'Ananya',
  'Mohammed', 'Fatima', 'Omar', 'Aisha', 'Ali', 'Layla', 'Kwame', 'Amara', 'Oluwaseun', 'Zainab',
  'Lars', 'Ingrid', 'Sven', 'Astrid', 'Mikael', 'Freya', 'Pieter', 'Sanne', 'Jan', 'Eva',
  'Zoë', 'José', 'Renée', 'Søren', 'Chloé', 'Björn', 'Agnès', 'Jürgen', 'Noémie', 'Ángel',
];

// prettier-ignore
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
  'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon',
  'Fernandez', 'Gomez', 'Diaz', 'Moreno', 'Alvarez', 'Romero', 'Navarro', 'Ruiz', 'Serrano', 'Molina',
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Sato', 'Suzuki', 'Takahashi', 'Tanaka',
  'Patel', 'Sharma', 'Singh', 'Kumar', 'Gupta', 'Khan', 'Ahmed', 'Hassan', 'Okafor', 'Mensah',
  'Jensen', 'Nielsen', 'Hansen', 'Larsen', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'de Vries', 'van Dijk',
  "O'Brien", "O'Connor", 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'Kowalski', 'Nowak', 'Novak', 'Horvat',
  'Müller', 'Schäfer', 'Jäger', 'Peña', 'Núñez', 'Lefèvre', 'Gauthier', 'Costa', 'Silva', 'Santos',
];

// prettier-ignore
export const JOB_TITLES = [
  'CEO', 'CTO', 'CFO', 'COO', 'VP Sales', 'VP Marketing', 'Head of Engineering', 'Head of Procurement',
  'Sales Manager', 'Account Executive', 'Marketing Manager', 'Product Manager', 'Software Engineer',
  'Operations Manager', 'Office Manager', 'IT Director', 'Purchasing Manager', 'Finance Director',
  'HR Manager', 'Customer Success Manager', 'Consultant', 'Founder', 'Managing Director', 'Analyst',
];

// prettier-ignore
export const DEPARTMENTS = [
  'Sales', 'Marketing', 'Engineering', 'Finance', 'Operations', 'Procurement', 'IT', 'HR',
  'Customer Success', 'Management', 'Legal', 'Product',
];

export const SOURCES = ['Website', 'Referral', 'Event', 'Cold outreach', 'Import', 'Partner', 'Webinar', 'LinkedIn'];

export const FREE_MAIL = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'gmx.de',
  'web.de',
  'hotmail.fr',
];

// prettier-ignore
export const COMPANY_WORDS_A = [
  'Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Cyberdyne', 'Soylent',
  'Hooli', 'Vandelay', 'Blue Sky', 'Red Rock', 'Silver Lake', 'Green Valley', 'Pacific', 'Atlantic', 'Nordic',
  'Alpine', 'Summit', 'Pioneer', 'Frontier', 'Horizon', 'Evergreen', 'Granite', 'Cedar', 'Maple', 'Oak',
  'Harbor', 'Beacon', 'Crescent', 'Falcon', 'Eagle', 'Lion', 'Orion', 'Apex', 'Vertex', 'Quantum',
  'Nova', 'Stellar', 'Lunar', 'Solar', 'Polar', 'Coastal', 'Metro', 'Urban', 'Rural', 'Royal',
  'Bright', 'Swift', 'Iron', 'Golden', 'Crystal', 'Prime', 'Fusion', 'Vector', 'Zenith', 'Keystone',
];

// prettier-ignore
export const COMPANY_WORDS_B = [
  'Logistics', 'Labs', 'Systems', 'Foods', 'Partners', 'Analytics', 'Software', 'Industries', 'Solutions',
  'Consulting', 'Holdings', 'Health', 'Energy', 'Capital', 'Media', 'Robotics', 'Motors', 'Textiles',
  'Pharma', 'Retail', 'Networks', 'Security', 'Design', 'Builders', 'Farms', 'Chemicals', 'Aerospace',
  'Insurance', 'Travel', 'Foundry', 'Dynamics', 'Ventures', 'Works', 'Digital', 'Bio', 'Telecom',
  'Mobility', 'Outfitters', 'Brewing', 'Printing',
];

export const COMPANY_SUFFIXES = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'SA', 'BV', 'AG', 'SARL', 'Corp.', '', '', ''];

export const TLDS = ['com', 'com', 'com', 'io', 'de', 'co.uk', 'fr', 'net', 'eu', 'nl'];

// prettier-ignore
export const INDUSTRIES = [
  'Software', 'Manufacturing', 'Retail', 'Healthcare', 'Financial services', 'Education', 'Logistics',
  'Energy', 'Media', 'Real estate', 'Hospitality', 'Telecommunications', 'Agriculture', 'Construction',
  'Consulting', 'Government',
];

/** City, state/region, postal code prefix, ISO country, phone country (matches phoneSql). */
// prettier-ignore
export const PLACES: [string, string, string, string][] = [
  ['New York', 'NY', '100', 'US'],
  ['San Francisco', 'CA', '941', 'US'],
  ['Austin', 'TX', '787', 'US'],
  ['Chicago', 'IL', '606', 'US'],
  ['Boston', 'MA', '021', 'US'],
  ['Seattle', 'WA', '981', 'US'],
  ['London', 'England', 'EC1', 'GB'],
  ['Manchester', 'England', 'M1', 'GB'],
  ['Berlin', 'Berlin', '101', 'DE'],
  ['Munich', 'Bavaria', '803', 'DE'],
  ['Hamburg', 'Hamburg', '203', 'DE'],
  ['Paris', 'Ile-de-France', '750', 'FR'],
  ['Lyon', 'Auvergne-Rhone-Alpes', '690', 'FR'],
  ['Amsterdam', 'North Holland', '101', 'NL'],
];

// prettier-ignore
export const STREETS = [
  'Main Street', 'High Street', 'Market Street', 'Park Avenue', 'Church Road', 'Station Road', 'Hauptstrasse',
  'Bahnhofstrasse', 'Rue de la Paix', 'Rue du Commerce', 'Keizersgracht', 'Elm Street', 'Broadway', 'King Street',
];

// prettier-ignore
export const TAGS = [
  'VIP', 'Newsletter', 'Customer', 'Prospect', 'Partner', 'Decision maker', 'Influencer', 'Champion',
  'Churn risk', 'Enterprise', 'SMB', 'Mid-market', 'Webinar 2024', 'Conference 2025', 'Trade show',
  'Referral', 'Inbound', 'Outbound', 'Trial', 'Renewal due', 'Upsell', 'Beta tester', 'Investor', 'Press',
  'Reseller', 'Do not contact', 'Event speaker', 'Key account', 'Technical', 'Finance contact',
];

export const TAG_COLORS = [
  '#fa5252',
  '#e64980',
  '#be4bdb',
  '#7950f2',
  '#4c6ef5',
  '#228be6',
  '#15aabf',
  '#12b886',
  '#40c057',
  '#fab005',
  '#fd7e14',
  '#868e96',
];

/** US area codes drawn for +1 numbers (real, geographic). */
export const US_AREA_CODES = [
  '212',
  '213',
  '312',
  '415',
  '512',
  '617',
  '646',
  '702',
  '737',
  '206',
  '303',
  '404',
  '503',
  '615',
  '720',
  '786',
  '818',
  '917',
  '929',
  '972',
];

# SPDX-License-Identifier: GPL-3.0-or-later
"""Contract tests for Printix: the examples of seed 003 (003_f035363821c7bffa.txt, the Printix Cloud Print
API document), quoted verbatim below with the section each comes from.

Each example is (1) replayed against the client's parsers through a scripted transport, which also
checks the requests the client sends, and (2) compared with what the simulator sends for the same call
(the keys at every level, and the kind of each value), so a simulator that drifts from a quoted example
fails here. Where the simulator must differ from an example, the difference is listed with its reason.
"""

from __future__ import annotations

import copy
import json
import os
import urllib.parse
import urllib.request

import pytest

from ansible_collections.printops.print_management.plugins.module_utils._http import Redactor
from ansible_collections.printops.print_management.plugins.module_utils._printix import (
    CARD_MANAGER,
    CLOUD_PRINT,
    USER_MANAGER,
    PrintixClient,
    hal_link,
)
from ansible_collections.printops.print_management.plugins.modules.printix_print import BODY
from ansible_collections.printops.print_management.tests.simulators.printix import DEFAULT_CLIENTS

# ---------------------------------------------------------------------------------------------------------------
# The quotes (verbatim; Python raw strings)
# ---------------------------------------------------------------------------------------------------------------

# seed 003_f035363821c7bffa.txt, Authentication ("In case of success the response will be")
TOKEN_RESPONSE = r'''{
"access_token": "5a8c4ec4-ff70-4f4c-b088-29a8cae38062",
"refresh_token": "e6f05338-9d27-466b-afa8-0ce72945da7d",
"expires_in": 3599
}'''

# seed 003_f035363821c7bffa.txt, "Root Example", response
ROOT_RESPONSE = r'''{
"_links" : {
"acme.printix.net" : {
"href" : "https://api.printix.net/cloudprint/tenants/fe2b98c0-aa1d-4cdf-b97b-2f10adee8656/printers?page=0&pageSize=10{&query,network,site}",
"templated" : true
}
}
}'''

# seed 003_f035363821c7bffa.txt, "User List Example", response
USER_LIST_RESPONSE = r'''{
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users?page=0&pageSize=10{&query}",
"templated" : true
},
"next" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users?page=1&pageSize=10{&query}",
"templated" : true
}
},
"success" : true,
"message" : "OK",
"users" : [ {
"id" : "a334ccb8-164b-4a38-b1d2-48c6740efb98",
"fullName" : "Sample User 1",
"email" : "user1@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.08 09:43",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/a334ccb8-164b-4a38-b1d2-48c6740efb98"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/a334ccb8-164b-4a38-b1d2-48c6740efb98/cards"
}
}
}, {
"id" : "b520d095-0a8c-4254-a9ec-975d67216f6c",
"fullName" : "Sample User 2",
"email" : "user2@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.01 10:09",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/b520d095-0a8c-4254-a9ec-975d67216f6c"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/b520d095-0a8c-4254-a9ec-975d67216f6c/cards"
}
}
}, {
"id" : "eb71a976-02c6-41e5-9e86-571cf0be060e",
"fullName" : "Sample User 3",
"email" : "user3@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.05 10:15",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/eb71a976-02c6-41e5-9e86-571cf0be060e"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/eb71a976-02c6-41e5-9e86-571cf0be060e/cards"
}
}
}, {
"id" : "6a7df3b0-423f-4a74-a080-037e939b9640",
"fullName" : "Sample User 4",
"email" : "user4@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.15 09:39",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/6a7df3b0-423f-4a74-a080-037e939b9640"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/6a7df3b0-423f-4a74-a080-037e939b9640/cards"
}
}
}, {
"id" : "1fea7c2b-7c0c-41a7-ae4a-eff6e7bd93a3",
"fullName" : "Sample User 5",
"email" : "user5@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.12 10:03",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/1fea7c2b-7c0c-41a7-ae4a-eff6e7bd93a3"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/1fea7c2b-7c0c-41a7-ae4a-eff6e7bd93a3/cards"
}
}
}, {
"id" : "7f623069-18a3-476a-92f1-b3f370c72644",
"fullName" : "Sample User 6",
"email" : "user6@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.01 09:46",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/7f623069-18a3-476a-92f1-b3f370c72644"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/7f623069-18a3-476a-92f1-b3f370c72644/cards"
}
}
}, {
"id" : "46d307ad-742f-4419-829c-318ff0662a39",
"fullName" : "Sample User 7",
"email" : "user7@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.02.26 10:06",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/46d307ad-742f-4419-829c-318ff0662a39"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/46d307ad-742f-4419-829c-318ff0662a39/cards"
}
}
}, {
"id" : "f5285ffd-1a18-46d0-889f-963fca22c85c",
"fullName" : "Sample User 8",
"email" : "user8@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.02.23 09:50",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/f5285ffd-1a18-46d0-889f-963fca22c85c"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/f5285ffd-1a18-46d0-889f-963fca22c85c/cards"
}
}
}, {
"id" : "328ce9af-864a-41c6-895f-674da6202032",
"fullName" : "Sample User 9",
"email" : "user9@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.03.12 10:02",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/328ce9af-864a-41c6-895f-674da6202032"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/328ce9af-864a-41c6-895f-674da6202032/cards"
}
}
}, {
"id" : "baee49ff-9d51-4c7c-9add-0ad73e3f1352",
"fullName" : "Sample User 10",
"email" : "user10@sampledomain.com",
"role" : "GUEST_USER",
"expirationTimestamp" : "2025.02.22 10:35",
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/baee49ff-9d51-4c7c-9add-0ad73e3f1352"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/cd0c34ec-cc8a-43da-b951-9887cb5dcbdc/users/baee49ff-9d51-4c7c-9add-0ad73e3f1352/cards"
}
}
} ],
"page" : {
"size" : 10,
"totalElements" : 10,
"totalPages" : 1,
"number" : 0
}
}'''

# seed 003_f035363821c7bffa.txt, "Find User by ID Example", response
FIND_USER_RESPONSE = r'''{
"success" : true,
"message" : "OK",
"user" : {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/82040c86-66ac-4089-b9cb-9c1cf9022da6/users/99efb34d-f559-44ae-abf6-e79303e09352"
},
"cards" : {
"href" : "https://api.printix.net/cloudprint/tenants/82040c86-66ac-4089-b9cb-9c1cf9022da6/users/99efb34d-f559-44ae-abf6-e79303e09352/cards"
}
},
"authenticationMethods" : [ "AZURE" ],
"created" : 1.740130578640317E9,
"modified" : 1.7401305786403174E9,
"email" : "john.doe@test.com",
"language" : "en",
"name" : "John Doe",
"version" : 1,
"roles" : [ "USER" ]
}
}'''

# seed 003_f035363821c7bffa.txt, "Create User Example", request
CREATE_USER_REQUEST = r'''{"email":"user1@sampledomain.com","fullName":"Sample User 1","role":"GUEST_USER","pin":"8364","password":"EeGahqu7","expirationTimestamp":"2025.03.07 09:36","sendWelcomeEmail":false,"sendExpirationEmail":false,"welcomeEmailContent":null}'''

# seed 003_f035363821c7bffa.txt, "Create User Example", response
CREATE_USER_RESPONSE = r'''{
"tenantId" : "6e3154ec-7693-4bfa-9dff-5d8e90838b8b",
"sortOrder" : null,
"success" : true,
"message" : "OK",
"users" : [ {
"id" : "4d2f67e3-b097-48f4-9ea5-55808f3bb7eb",
"fullName" : "Sample User 1",
"email" : "user1@sampledomain.com",
"role" : "GUEST_USER",
"pin" : "8364",
"idCode" : "034645",
"password" : "EeGahqu7",
"expirationTimestamp" : "2025.03.07 09:36",
"sendWelcomeEmail" : false,
"sendExpirationEmail" : false
} ],
"page" : {
"size" : 1,
"totalElements" : 1,
"totalPages" : 1,
"number" : 0
}
}'''

# seed 003_f035363821c7bffa.txt, "Search for Card Example", response
SEARCH_CARD_RESPONSE = r'''{
"success" : true,
"message" : "OK",
"card" : {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/76ffff61-db04-448e-9174-4cf0758cf42f/users/c41b6952-962d-4aea-b568-bffcea771656/cards/4505e978-a848-4bda-b269-46393869b1fb"
},
"owner" : {
"href" : "https://api.printix.net/cloudprint/tenants/76ffff61-db04-448e-9174-4cf0758cf42f/users/c41b6952-962d-4aea-b568-bffcea771656"
},
"registrant" : {
"href" : "https://api.printix.net/cloudprint/tenants/76ffff61-db04-448e-9174-4cf0758cf42f/users/60fcd730-d101-4af8-a2d1-9cebb0de0eaf"
}
},
"created" : 1.740130578476417E9,
"modified" : 1.7401305784764175E9,
"pincodeRequired" : false
}
}'''

# seed 003_f035363821c7bffa.txt, "Register Card Example", request
REGISTER_CARD_REQUEST = r'''{
"secret" : "yMu/wpVckd6/Ti5hH8nZmQ=="
}'''

# seed 003_f035363821c7bffa.txt, "Register Card Example", response
REGISTER_CARD_RESPONSE = r'''{
"success" : true,
"message" : "OK",
"card" : {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/91c6db6e-ef1b-403e-a9c7-f03cc63fa6ee/users/b37965e6-1e2b-49e2-baf8-47a346b74a09/cards/21957dcd-c4cd-42d2-beed-744b3e37f38f"
},
"owner" : {
"href" : "https://api.printix.net/cloudprint/tenants/91c6db6e-ef1b-403e-a9c7-f03cc63fa6ee/users/b37965e6-1e2b-49e2-baf8-47a346b74a09"
},
"registrant" : {
"href" : "https://api.printix.net/cloudprint/tenants/91c6db6e-ef1b-403e-a9c7-f03cc63fa6ee/users/0c8337db-e758-441a-9e92-9883e8916da0"
}
},
"created" : 1.740130577984646E9,
"modified" : 1.7401305779846466E9,
"pincodeRequired" : false
}
}'''

# seed 003_f035363821c7bffa.txt, "Delete Card Example", response
DELETE_CARD_RESPONSE = r'''{
"success" : true,
"message" : "The card was deleted successfully."
}'''

# seed 003_f035363821c7bffa.txt, "Listing and Searching Groups Example", response
LIST_GROUPS_RESPONSE = r'''{
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/a4c1e3a3-53af-40be-b17d-381a034d021f/groups?page=0&pageSize=10{&query}",
"templated" : true
},
"next" : {
"href" : "https://api.printix.net/cloudprint/tenants/a4c1e3a3-53af-40be-b17d-381a034d021f/groups?page=1&pageSize=10{&query}",
"templated" : true
}
},
"success" : true,
"message" : "OK",
"groups" : [ {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/a99941e1-4080-4722-9bd6-516c54350112",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/12572cab-8768-4b39-a728-d1fc789058b7",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/5401c0f0-0635-4c03-92ed-5c51646709f9",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/6e4e43ab-d11e-4714-b424-e39c7fd56cbe",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/ce56133b-f07e-4341-8f4d-d9d9b2ea3f03",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/6d940e8f-0674-490d-b4b7-fe095d7580f2",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/eeb1ae9d-192c-4503-9bdc-7230ec5563fe",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/3eeac1b1-9e56-411c-ae07-e5938cd5ae2d",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/8bdef09b-9fa0-40fa-afa5-c4d6f607170b",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}, {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/00c942ed-bf42-4b42-bbbe-47c5f25c7a06",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
} ],
"page" : {
"size" : 10,
"totalElements" : 25,
"totalPages" : 3,
"number" : 0
}
}'''

# seed 003_f035363821c7bffa.txt, "Create Group Example", request
CREATE_GROUP_REQUEST = r'''{
"name" : "name",
"externalId" : "979a4164-9767-4d00-96bb-fb2ebc1d277e",
"identityProvider" : "5f33a0dd-4aa7-41a1-8af5-b9a9448f4d15",
"description" : "desc"
}'''

# seed 003_f035363821c7bffa.txt, "Create Group Example", response
CREATE_GROUP_RESPONSE = r'''{
"success" : true,
"message" : "OK",
"group" : {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/{group}",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}
}'''

# seed 003_f035363821c7bffa.txt, "Fetch Group Details Example", response
FETCH_GROUP_RESPONSE = r'''{
"success" : true,
"message" : "OK",
"group" : {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/{tenant}/groups/{group}",
"templated" : true
}
},
"name" : "name",
"description" : "desc",
"queueCount" : 0,
"userCount" : 0,
"workstationCount" : 0,
"inUse" : false
}
}'''

# seed 003_f035363821c7bffa.txt, "Submit Example (version 1.1)", request
SUBMIT_REQUEST = r'''{
"color" : false,
"duplex" : "NONE",
"page_orientation" : "AUTO",
"copies" : 1,
"media_size" : "A4",
"scaling" : "NOSCALE",
"userMapping" : null
}'''

# seed 003_f035363821c7bffa.txt, "Submit Example (version 1.1)", response
SUBMIT_RESPONSE = r'''{
"job" : {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/1f98c468-34e6-4d66-8689-6c7c5e0a0548/jobs/31c66434-4368-4f65-9278-18fbe06b1b48"
},
"printer" : {
"href" : "https://api.printix.net/cloudprint/tenants/1f98c468-34e6-4d66-8689-6c7c5e0a0548/printers/d585c1ef-b81a-411e-9546-deaeea71c52f/queues/dc724663-7144-45e5-b317-ba35c779ac3f"
},
"changeOwner" : {
"href" : "https://api.printix.net/cloudprint/tenants/1f98c468-34e6-4d66-8689-6c7c5e0a0548/jobs/31c66434-4368-4f65-9278-18fbe06b1b48/changeOwner?userEmail={userEmail}",
"templated" : true
}
},
"id" : "31c66434-4368-4f65-9278-18fbe06b1b48",
"createTime" : 1.7401305786749365E9,
"updateTime" : 1.7401305786772974E9,
"status" : "AWAIT_PRINT",
"ownerId" : "c259e2c3-9140-4f3c-ad1e-9ae46f86a7e1",
"contentType" : "PDF",
"title" : "a title"
},
"_links" : {
"uploadCompleted" : {
"href" : "https://api.printix.net/cloudprint/tenants/1f98c468-34e6-4d66-8689-6c7c5e0a0548/jobs/31c66434-4368-4f65-9278-18fbe06b1b48/completeUpload"
},
"changeOwner" : {
"href" : "https://api.printix.net/cloudprint/tenants/1f98c468-34e6-4d66-8689-6c7c5e0a0548/jobs/31c66434-4368-4f65-9278-18fbe06b1b48/changeOwner?userEmail={userEmail}",
"templated" : true
}
},
"success" : true,
"message" : "OK",
"uploadLinks" : [ {
"url" : "https://printixjobs.blob.core.windows.net/9aab9505-c84f-4dba-814f-d710b7c6d089/printix-jobs-file-upload/31c66434-4368-4f65-9278-18fbe06b1b48?sig=3FlDWWBnr7704VgZjjApglkioBcUkS9F%2FZXJAVbBmAY%3D&st=2020-09-17T12%3A11%3A14Z&se=2020-09-17T13%3A26%3A14Z&sv=2017-04-17&sp=cw&sr=b",
"headers" : {
"x-ms-blob-type" : "BlockBlob"
}
} ]
}'''

# seed 003_f035363821c7bffa.txt, "Complete Upload Example", response
COMPLETE_UPLOAD_RESPONSE = r'''{
"tenantId" : "83a8a4dd-e62d-4dd5-b6c6-37776a12fef2",
"sortOrder" : null,
"success" : true,
"message" : "OK",
"jobs" : [ {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/83a8a4dd-e62d-4dd5-b6c6-37776a12fef2/jobs/b3996ae4-b5a9-44be-b756-16384643c8ac"
},
"printer" : {
"href" : "https://api.printix.net/cloudprint/tenants/83a8a4dd-e62d-4dd5-b6c6-37776a12fef2/printers/0c46a8f7-e403-4e32-8beb-29b1320a926b/queues/bacd11c0-2a03-494d-9d2c-bf68359f4dad"
},
"changeOwner" : {
"href" : "https://api.printix.net/cloudprint/tenants/83a8a4dd-e62d-4dd5-b6c6-37776a12fef2/jobs/b3996ae4-b5a9-44be-b756-16384643c8ac/changeOwner?userEmail={userEmail}",
"templated" : true
}
},
"id" : "b3996ae4-b5a9-44be-b756-16384643c8ac",
"createTime" : 1.7401305627737594E9,
"updateTime" : 1.7401305777737393E9,
"status" : "CONVERTING",
"ownerId" : "5dea7c5e-9035-4cf2-9aff-23eb92b00e00",
"contentType" : "PDF",
"title" : "job name"
} ],
"page" : {
"size" : 1,
"totalElements" : 1,
"totalPages" : 1,
"number" : 0
}
}'''

# seed 003_f035363821c7bffa.txt, "Job Example", response
JOB_RESPONSE = r'''{
"tenantId" : "17357821-58ad-4de5-87e9-a9d22320f34c",
"sortOrder" : null,
"success" : true,
"message" : "OK",
"jobs" : [ {
"_links" : {
"self" : {
"href" : "https://api.printix.net/cloudprint/tenants/17357821-58ad-4de5-87e9-a9d22320f34c/jobs/d8d279ce-6f1f-4599-93fb-6355c4deff8f"
},
"printer" : {
"href" : "https://api.printix.net/cloudprint/tenants/17357821-58ad-4de5-87e9-a9d22320f34c/printers/678b936a-3940-4123-bbcb-fa251858ecc0/queues/89082e53-3a74-41b1-974d-d580455af493"
},
"changeOwner" : {
"href" : "https://api.printix.net/cloudprint/tenants/17357821-58ad-4de5-87e9-a9d22320f34c/jobs/d8d279ce-6f1f-4599-93fb-6355c4deff8f/changeOwner?userEmail={userEmail}",
"templated" : true
}
},
"id" : "d8d279ce-6f1f-4599-93fb-6355c4deff8f",
"createTime" : 1.7401305637564967E9,
"updateTime" : 1.7401305787564895E9,
"status" : "CONVERTED",
"ownerId" : "f15aa0ce-a936-4401-915f-e9024511e7bb",
"contentType" : "PDF",
"title" : "job name"
} ],
"page" : {
"size" : 1,
"totalElements" : 1,
"totalPages" : 1,
"number" : 0
}
}'''


QUOTES = dict((name, value) for name, value in globals().items() if name.endswith(("_RESPONSE", "_REQUEST")))


def _seed_file():
    """The seed document when this checkout sits beside the project's shared folder (or PRINTOPS_SEEDS says where)."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("PRINTOPS_SEEDS", "")]
    while os.path.dirname(here) != here:
        here = os.path.dirname(here)
        candidates.append(os.path.join(here, "shared", "seeds"))
    for folder in candidates:
        path = os.path.join(folder, "003_f035363821c7bffa.txt")
        if folder and os.path.isfile(path):
            return path
    return None


@pytest.mark.parametrize("name", sorted(QUOTES))
def test_every_quote_is_verbatim_from_the_seed(name):
    path = _seed_file()
    if path is None:
        pytest.skip("seed 003 is not beside this checkout (set PRINTOPS_SEEDS to its folder)")
    with open(path, encoding="utf-8") as handle:
        assert QUOTES[name] in handle.read()
    json.loads(QUOTES[name])


# ---------------------------------------------------------------------------------------------------------------
# Replaying the quotes against the client's parsers
# ---------------------------------------------------------------------------------------------------------------

API = "https://api.printix.net/cloudprint"


class _Headers(dict):
    def get(self, name, default=None):
        for key, value in self.items():
            if key.lower() == name.lower():
                return value
        return default


class _Answer(object):
    def __init__(self, status, text):
        self.status_code = status
        self.content = text.encode("utf-8")
        self.text = text
        self.headers = _Headers({"Content-Type": "application/json"})

    def json(self):
        return json.loads(self.text)


class ScriptedHttp(object):
    """Answers each request with the next scripted (status, body) and records what was sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []
        self.redact = Redactor()
        self.retry_always = frozenset()

    def request(self, method, url, **kwargs):
        self.sent.append(dict(copy.deepcopy(kwargs), method=method, url=url))
        status, text = self.answers.pop(0)
        return _Answer(status, text)


def replay(*answers, tenant_id=None):
    """A client whose token request is answered with the seed's token example, then ``answers``."""
    http = ScriptedHttp((200, TOKEN_RESPONSE), *answers)
    return PrintixClient("client-id", "client-secret", api_url=API, tenant_id=tenant_id, http=http,
                         sleep=lambda s: None), http


def test_token_example_is_parsed_and_the_request_is_the_documents():
    client, http = replay()
    assert client.token() == "5a8c4ec4-ff70-4f4c-b088-29a8cae38062"
    (sent,) = http.sent
    assert sent["method"] == "POST" and sent["data"] == {
        "grant_type": "client_credentials", "client_id": "client-id", "client_secret": "client-secret"}


def test_root_example_yields_the_tenant():
    client, _http = replay((200, ROOT_RESPONSE))
    assert client.tenant_id == "fe2b98c0-aa1d-4cdf-b97b-2f10adee8656"


def test_user_list_example_pages_through_its_next_link_and_keeps_the_role():
    tenant = "cd0c34ec-cc8a-43da-b951-9887cb5dcbdc"
    empty = json.dumps({"success": True, "users": [], "page": {"size": 10, "totalElements": 10, "totalPages": 2,
                                                               "number": 1}})
    client, http = replay((200, USER_LIST_RESPONSE), (200, empty), tenant_id=tenant)
    users = list(client.list_users(role="GUEST_USER"))
    assert users[0]["id"] == "a334ccb8-164b-4a38-b1d2-48c6740efb98" and users[0]["email"] == "user1@sampledomain.com"
    first, second = http.sent[1:]
    assert first["url"] == "%s/tenants/%s/users" % (API, tenant)
    assert first["params"] == {"role": "GUEST_USER", "page": 0, "pageSize": 200}
    # the example's next link, template filled (no query), with the role the link does not carry put back
    assert second["url"] == "%s/tenants/%s/users?page=1&pageSize=10" % (API, tenant)
    assert second["params"] == {"role": "GUEST_USER"}


def test_find_user_by_id_example_is_parsed():
    client, http = replay((200, FIND_USER_RESPONSE), tenant_id="82040c86-66ac-4089-b9cb-9c1cf9022da6")
    user = client.get_user("99efb34d-f559-44ae-abf6-e79303e09352")
    assert user["id"] == "99efb34d-f559-44ae-abf6-e79303e09352" and user["email"] == "john.doe@test.com"
    assert http.sent[1]["url"].endswith("/tenants/82040c86-66ac-4089-b9cb-9c1cf9022da6/users/"
                                        "99efb34d-f559-44ae-abf6-e79303e09352")


def test_create_user_example_request_keys_and_response_are_understood():
    from ansible_collections.printops.print_management.plugins.module_utils._printix_users import GuestUsers

    tenant = "6e3154ec-7693-4bfa-9dff-5d8e90838b8b"
    empty = json.dumps({"success": True, "users": [], "page": {"size": 0, "totalElements": 0, "totalPages": 0,
                                                               "number": 0}})
    client, http = replay((200, empty), (200, empty), (200, CREATE_USER_RESPONSE), tenant_id=tenant)
    result = GuestUsers(client, may_return_credentials=True).ensure(
        {"email": "user1@sampledomain.com", "full_name": "Sample User 1", "pin": "8364", "password": "EeGahqu7",
         "expiration": "2025.03.07 09:36", "send_welcome_email": False, "send_expiration_email": False,
         "state": "present"})
    assert result["user"]["id"] == "4d2f67e3-b097-48f4-9ea5-55808f3bb7eb"
    assert result["credentials"] == {"id_code": "034645"}
    sent = http.sent[-1]["json"]
    assert set(sent) <= set(json.loads(CREATE_USER_REQUEST)), set(sent) - set(json.loads(CREATE_USER_REQUEST))
    assert dict((k, v) for k, v in json.loads(CREATE_USER_REQUEST).items() if k in sent) == sent


def test_search_for_card_example_is_parsed():
    client, http = replay((200, SEARCH_CARD_RESPONSE), tenant_id="76ffff61-db04-448e-9174-4cf0758cf42f")
    card = client.get_card("4505e978-a848-4bda-b269-46393869b1fb")
    assert card["id"] == "4505e978-a848-4bda-b269-46393869b1fb"
    assert card["owner_id"] == "c41b6952-962d-4aea-b568-bffcea771656"
    # seed: GET /cloudprint/tenants/76ffff61-.../cards/4505e978-a848-4bda-b269-46393869b1fb
    assert http.sent[1]["url"] == API + "/tenants/76ffff61-db04-448e-9174-4cf0758cf42f/cards/" \
                                        "4505e978-a848-4bda-b269-46393869b1fb"


def test_register_card_example_request_is_sent_and_response_parsed():
    tenant, user = "91c6db6e-ef1b-403e-a9c7-f03cc63fa6ee", "b37965e6-1e2b-49e2-baf8-47a346b74a09"
    client, http = replay((201, REGISTER_CARD_RESPONSE), tenant_id=tenant)
    card = client.register_card(user, json.loads(REGISTER_CARD_REQUEST)["secret"])
    assert card["id"] == "21957dcd-c4cd-42d2-beed-744b3e37f38f" and card["owner_id"] == user
    sent = http.sent[1]
    assert sent["method"] == "POST" and sent["url"] == "%s/tenants/%s/users/%s/cards" % (API, tenant, user)
    assert sent["json"] == json.loads(REGISTER_CARD_REQUEST)


def test_delete_card_example_is_accepted():
    client, http = replay((200, DELETE_CARD_RESPONSE), tenant_id="6232b131-72f8-4df2-91a5-d348c4cd8363")
    client.delete_card("6896c8cf-e75f-431f-9010-bd9a06e4b016")
    assert http.sent[1]["method"] == "DELETE"


def test_listing_groups_example_gives_ids_from_its_links_and_follows_next():
    tenant = "a4c1e3a3-53af-40be-b17d-381a034d021f"
    empty = json.dumps({"success": True, "groups": [], "page": {"size": 10, "totalElements": 25, "totalPages": 3,
                                                                "number": 1}})
    client, http = replay((200, LIST_GROUPS_RESPONSE), (200, empty), tenant_id=tenant)
    groups = list(client.list_groups())
    expected = [link["_links"]["self"]["href"].rsplit("/", 1)[-1] for link in json.loads(LIST_GROUPS_RESPONSE)["groups"]]
    assert [g["id"] for g in groups] == expected and all("{" not in g["id"] for g in groups)
    assert http.sent[2]["url"] == "%s/tenants/%s/groups?page=1&pageSize=10" % (API, tenant)


def test_create_group_example_never_gives_an_id_from_its_template():
    client, http = replay((201, CREATE_GROUP_RESPONSE), tenant_id="2113a634-6999-4681-93f7-7204fc52b551")
    request = json.loads(CREATE_GROUP_REQUEST)
    group = client.create_group(request)
    assert group["id"] is None and group["name"] == "name"
    assert http.sent[1]["json"] == request


def test_submit_example_request_keys_and_response_links():
    tenant = "1f98c468-34e6-4d66-8689-6c7c5e0a0548"
    client, http = replay((200, SUBMIT_RESPONSE), tenant_id=tenant)
    documented = json.loads(SUBMIT_REQUEST)
    assert set(theirs for theirs, _ours in BODY) | {"userMapping"} == set(documented)
    submitted = client.submit("d585c1ef-b81a-411e-9546-deaeea71c52f", "dc724663-7144-45e5-b317-ba35c779ac3f",
                              "a title", documented)
    sent = http.sent[1]
    assert sent["headers"]["version"] == "1.1" and sent["params"]["title"] == "a title"
    assert hal_link(submitted, "uploadCompleted") == \
        API + "/tenants/%s/jobs/31c66434-4368-4f65-9278-18fbe06b1b48/completeUpload" % tenant
    assert submitted["uploadLinks"][0]["headers"] == {"x-ms-blob-type": "BlockBlob"}


def test_complete_upload_and_job_examples_are_parsed():
    tenant = "83a8a4dd-e62d-4dd5-b6c6-37776a12fef2"
    client, http = replay((200, COMPLETE_UPLOAD_RESPONSE), (200, JOB_RESPONSE), tenant_id=tenant)
    done = client.complete_upload(API + "/tenants/%s/jobs/b3996ae4-b5a9-44be-b756-16384643c8ac/completeUpload"
                                  % tenant, "job name")
    assert done["jobs"][0]["status"] == "CONVERTING"
    assert client.get_job("d8d279ce-6f1f-4599-93fb-6355c4deff8f")["status"] == "CONVERTED"


# ---------------------------------------------------------------------------------------------------------------
# The simulator against the quotes
# ---------------------------------------------------------------------------------------------------------------

def shape_differences(seed, sim, where="$"):
    """Where the simulator's document differs from the seed's: keys at every level, and each value's kind
    (object, array, string, number, boolean; null in either matches any kind)."""
    if seed is None or sim is None:
        return []
    kinds = ((dict, "object"), (list, "array"), (bool, "boolean"), (str, "string"), ((int, float), "number"))
    seed_kind = next(name for cls, name in kinds if isinstance(seed, cls))
    sim_kind = next(name for cls, name in kinds if isinstance(sim, cls))
    if seed_kind != sim_kind:
        return ["%s: %s in the seed, %s in the simulator" % (where, seed_kind, sim_kind)]
    found = []
    if isinstance(seed, dict):
        for key in sorted(set(seed) | set(sim)):
            if key not in sim:
                found.append("%s.%s: missing in the simulator" % (where, key))
            elif key not in seed:
                found.append("%s.%s: not in the seed" % (where, key))
            else:
                found.extend(shape_differences(seed[key], sim[key], "%s.%s" % (where, key)))
    elif isinstance(seed, list) and seed and sim:
        found.extend(shape_differences(seed[0], sim[0], where + "[0]"))
    return found


def assert_like(seed_text, sim_doc):
    differences = shape_differences(json.loads(seed_text), sim_doc)
    assert not differences, "\n".join(differences)


def test_shape_differences_sees_a_drift():
    assert shape_differences({"a": {"b": 1}}, {"a": {"b": "x", "c": 1}}) == [
        "$.a.b: number in the seed, string in the simulator", "$.a.c: not in the seed"]
    assert shape_differences({"a": [{"x": 1}]}, {"a": [{}]}) == ["$.a[0].x: missing in the simulator"]


@pytest.fixture
def sim(px, px_client):
    """The simulator seeded to answer every example, and a client per area."""
    px.seed({"users": [{"email": "user%02d@sampledomain.com" % i, "fullName": "Sample User %d" % i,
                        "role": "GUEST_USER"} for i in range(11)] +
                      [{"email": "john.doe@test.com", "fullName": "John Doe", "role": "USER"}],
             "groups": [{"name": "name %02d" % i, "externalId": "ext-%d" % i, "description": "desc"}
                        for i in range(25)],
             "printers": [{"name": "Reception", "id": "q1", "printer_id": "p1"}]})
    px.sim.users_by_email = dict((u["email"], u) for u in px.state()["users"])
    px.card = px_client(px)
    px.user = px_client(px, "sim-usermanager")
    px.print = px_client(px, "sim-cloudprint")
    return px


def test_simulator_token_is_like_the_example(sim):
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "sim-cardmanager",
                                   "client_secret": DEFAULT_CLIENTS["sim-cardmanager"]["client_secret"]}).encode()
    with urllib.request.urlopen(sim.sim.url + "/oauth/token", data=form, timeout=10) as answer:
        assert_like(TOKEN_RESPONSE, json.loads(answer.read().decode()))


def test_simulator_root_is_like_the_example(sim):
    root = sim.card.call("GET", None, CLOUD_PRINT, "root")
    seed = json.loads(ROOT_RESPONSE)
    assert set(root) == set(seed) and len(root["_links"]) == 1
    assert shape_differences(list(seed["_links"].values())[0], list(root["_links"].values())[0]) == []
    assert list(root["_links"].values())[0]["href"].endswith("/printers?page=0&pageSize=10{&query,network,site}")


def test_simulator_user_list_is_like_the_example(sim):
    page = sim.user.call("GET", "users", USER_MANAGER, "list", params={"page": 0, "pageSize": 10})
    listed = dict(page, users=[u for u in page["users"]])
    for user in listed["users"]:
        user.setdefault("expirationTimestamp", "2025.03.08 09:43")  # only guests with one carry it
    assert_like(USER_LIST_RESPONSE, listed)
    assert page["_links"]["next"]["href"].endswith("/users?page=1&pageSize=10{&query}")


def test_simulator_user_detail_is_like_the_example(sim):
    user_id = sim.sim.users_by_email["john.doe@test.com"]["id"]
    assert_like(FIND_USER_RESPONSE, sim.card.call("GET", "users/" + user_id, CARD_MANAGER, "user"))


def test_simulator_create_user_is_like_the_example(sim):
    request = json.loads(CREATE_USER_REQUEST)
    assert_like(CREATE_USER_RESPONSE, sim.user.call("POST", "users/create", USER_MANAGER, "create", json=request))


def test_simulator_cards_are_like_the_examples(sim):
    user_id = sim.sim.users_by_email["john.doe@test.com"]["id"]
    request = json.loads(REGISTER_CARD_REQUEST)
    registered = sim.card.call("POST", "users/%s/cards" % user_id, CARD_MANAGER, "register", json=request)
    assert_like(REGISTER_CARD_RESPONSE, registered)
    card_id = registered["card"]["_links"]["self"]["href"].rsplit("/", 1)[-1]
    assert_like(SEARCH_CARD_RESPONSE, sim.card.call("GET", "cards/" + card_id, CARD_MANAGER, "search"))
    assert_like(DELETE_CARD_RESPONSE, sim.card.call("DELETE", "cards/" + card_id, CARD_MANAGER, "delete"))
    assert [c["status"] for c in sim.calls() if c["method"] == "register_card"] == [201]  # "201 Created"


def test_simulator_groups_are_like_the_examples(sim):
    listed = sim.user.call("GET", "groups", USER_MANAGER, "list", params={"page": 0, "pageSize": 10})
    assert_like(LIST_GROUPS_RESPONSE, listed)
    assert listed["_links"]["next"]["href"].endswith("/groups?page=1&pageSize=10{&query}")
    assert listed["groups"][0]["_links"]["self"]["href"].split("/cloudprint/")[1].startswith("tenants/{tenant}/groups/")
    created = sim.user.call("POST", "groups", USER_MANAGER, "create", json=json.loads(CREATE_GROUP_REQUEST))
    assert_like(CREATE_GROUP_RESPONSE, created)
    assert created["group"]["_links"]["self"]["href"].endswith("/tenants/{tenant}/groups/{group}")
    group_id = listed["groups"][0]["_links"]["self"]["href"].rsplit("/", 1)[-1]
    assert_like(FETCH_GROUP_RESPONSE, sim.user.call("GET", "groups/" + group_id, USER_MANAGER, "fetch"))


def test_simulator_submit_complete_and_job_are_like_the_examples(sim):
    submitted = sim.print.submit("p1", "q1", "a title", json.loads(SUBMIT_REQUEST))
    assert_like(SUBMIT_RESPONSE, submitted)
    link = submitted["uploadLinks"][0]
    sim.print.upload(link["url"], link["headers"], b"%PDF-1.4", content_type="application/pdf")
    done = sim.print.complete_upload(hal_link(submitted, "uploadCompleted"), "a title")
    assert_like(COMPLETE_UPLOAD_RESPONSE, done)
    assert done["jobs"][0]["status"] == "CONVERTING"
    job = sim.print.call("GET", "jobs/" + submitted["job"]["id"], CLOUD_PRINT, "job")
    assert_like(JOB_RESPONSE, job)
    assert job["jobs"][0]["status"] == "CONVERTED"

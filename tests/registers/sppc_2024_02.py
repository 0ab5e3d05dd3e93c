"""The February 2024 SPPC registers as the agenda pack prints them (22 February 2024).

"HMICFRS Update on PEEL Inspection 'Requires Improvements'" (Pol 22-24): each
PEEL 2022 finding under its area with its "Current position" paragraphs; and
the committee's outstanding references table. Typed here from the paper's text.
"""

from __future__ import annotations

from nhp_planner.model.actions import CommitteeAction, split_status_cell
from nhp_planner.model.findings import FindingKind, FindingScope, InspectorateItem

REPORT = "PEEL 2022"

#: (area, kind, text, February 2024 update), in the paper's order.
PEEL_2022 = (
    (
        "Preventing crime and anti-social behaviour",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should develop a strategy for providing neighbourhood policing with a "
        "governance framework that will improve performance",
        "The Neighbourhood Policing & Engagement Strategy (NHP) has been published and a delivery "
        "plan developed. A review of police cluster panels as a means of engagement has also been "
        "undertaken. Internal governance has been strengthened through a new performance framework "
        "overseen by a new Neighbourhood Policing Delivery Board reporting to a new joint local "
        "policing and specialist operations performance meeting.",
    ),
    (
        "Preventing crime and anti-social behaviour",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should routinely review problem-solving plans and make sure good practice is "
        "shared with staff as part of a lessons-learned approach.",
        "The Partnership and Prevention hub is now fully staffed. CoLP has continued to roll out "
        "problem solving training to all front line officers, all problem solving plans are "
        "uploaded to SharePoint and are reviewed as part of local governance.",
    ),
    (
        "Preventing crime and anti-social behaviour",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force needs to ensure that neighbourhood policing officers have access to training "
        "relevant to their role.",
        "As of December 2023, all Dedicated Ward Officers have received Practitioners in Community "
        "Safety & Crime Prevention accreditation and internal professional development training on "
        "problem solving.",
    ),
    (
        "Managing offenders and suspects",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should ensure that it has an effective system for monitoring how registered "
        "sex offenders (RSOs) are managed.",
        "New internal governance structures have improved management of Registered Sex Offenders "
        "(RSOs). CoLP is compliant with all home visits and risk management plans relating to RSOs "
        "as of December 2023.",
    ),
    (
        "Managing offenders and suspects",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should make sure that it has appropriately trained staff to undertake the "
        "grading and management of child abuse images.",
        "CoLP has met the requirements of this area of improvement, and successfully implemented "
        "the Child Abuse Image Database (CAID) IT system to manage child abuse images.",
    ),
    (
        "Serious Organised Crime",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "Except for cybercrime, the force has recorded low levels of serious and organised crime "
        "disruption.",
        "CoLP has delivered significant increases in disruptions against drugs and organised "
        "acquisitive crime.",
    ),
    (
        "Serious Organised Crime",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "City of London Police needs to improve its understanding of drug markets and the threat "
        "from modern slavery and human trafficking",
        "Modern slavery, drug crime, human trafficking and child sexual exploitation have "
        "continued to be reviewed as priorities for the CoLP throughout 2023.",
    ),
    (
        "Serious Organised Crime",
        FindingKind.RECOMMENDATION,
        "The Metropolitan Police Service (MPS), British Transport Police (BTP) and the City of "
        "London Police (CoLP) should create a single sensitive intelligence unit (SIU).",
        "After consultation with the MPS and BTP the regional position on this recommendation is "
        "that the current apparatus in the Regional Organised Crime Threat Assessment Unit (ROCTA) "
        "is fit for purpose. A response from HMICFRS is awaited.",
    ),
    (
        "Tackling workforce corruption",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The CoLP has a clear understanding of the level of vetting required for all posts and "
        "that all personnel have been vetted to a high enough level for the posts they hold",
        "Since the last report completion of the vetting review across all officer and staff "
        "posts has been delivered alongside an uplift in recruitment into the Vetting Unit.",
    ),
    (
        "Strategic planning, organisational management and value for money",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should improve its recording of demand, removing single points of potential "
        "failure.",
        "The production of the Force Management Statement for 2024 is being developed with "
        "learning from 2023.",
    ),
    (
        "Strategic planning, organisational management and value for money",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should reduce the vacancies in staff and officer positions. These are "
        "negatively affecting the service it provides to the public, and the well-being of its "
        "staff.",
        "A recruitment plan to reduce all core staff vacancies has been developed which aims to "
        "bring establishment up to strength by November 2024 while maintaining officer numbers.",
    ),
    (
        "Strategic planning, organisational management and value for money",
        FindingKind.AREA_FOR_IMPROVEMENT,
        "The force should ensure its corporate services review improves the service it provides "
        "across the force.",
        "The new Corporate Services structure is being implemented and a post-implementation "
        "review will be carried out in 2025.",
    ),
)

#: The outstanding references table: No. | Meeting Date & Reference | Action | Owner | Status.
OUTSTANDING_REFERENCES = (
    (
        "7/2023/P",
        "5 September Item 5- Policing Plan Performance Q1",
        "Victim Strategy- Police Authority Director undertook to have a draft Victim Strategy "
        "ready for the end of 2023 with a view to implementing for the new financial year "
        "2024-2025",
        "PA Director",
        "In Progress-target date set for April/May.",
    ),
    (
        "8/2023/P",
        "5 September Item 7- Neighbourhood Policing Strategy",
        "Following comments from Members noted the updated NHP Strategy would be presented to "
        "October PAB and delivery plan would be presented back to this Committee at its next "
        "meeting",
        "Commissioner",
        "Complete- This is on the agenda.",
    ),
    (
        "10/2023/ P",
        "November 2023 Item 7 Q2 Policing Plan Performance",
        "Members asked that data on Hate Crimes be reported to the next meeting.",
        "",
        "Complete- Hate crime data is included under Measure 6.2 of the Q3 Policing Plan "
        "performance measures update on the agenda.",
    ),
)


def peel_2022_items() -> list[InspectorateItem]:
    """The PEEL 2022 findings as register items, numbered in the paper's order."""
    return [
        InspectorateItem(
            report=REPORT,
            ref=str(number),
            kind=kind,
            scope=FindingScope.REGIONAL
            if kind is FindingKind.RECOMMENDATION
            else FindingScope.LOCAL,
            area=area,
            text=text,
            progress=update,
            lead="Brett McKenna",
        )
        for number, (area, kind, text, update) in enumerate(PEEL_2022, start=1)
    ]


def outstanding_references() -> list[CommitteeAction]:
    """The three outstanding references with their statuses as the table gives them."""
    actions = []
    for number, meeting, action, owner, status_cell in OUTSTANDING_REFERENCES:
        read = split_status_cell(status_cell)
        assert read is not None
        status, update = read
        actions.append(
            CommitteeAction(
                number=number.replace(" ", ""),
                meeting=meeting,
                action=action,
                owner=owner or None,
                status=status,
                update=update,
            )
        )
    return actions

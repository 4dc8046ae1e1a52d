"""The data model: one pydantic model per record kind, the single source of the JSON Schemas."""

from __future__ import annotations

from typing import Literal

from claimkit.core.claim_models import Claim as Claim
from claimkit.core.claim_models import Media as Media
from claimkit.core.claim_models import MediaType as MediaType
from claimkit.core.kinds import FOLDER_OF_KIND as FOLDER_OF_KIND
from claimkit.core.kinds import KIND_FOLDERS as KIND_FOLDERS
from claimkit.core.kinds import SITE_FILE_STEM as SITE_FILE_STEM
from claimkit.core.kinds import SLUG_PATTERN as SLUG_PATTERN
from claimkit.core.model_base import UNKNOWN_LANGUAGE as UNKNOWN_LANGUAGE
from claimkit.core.model_base import URL_PATTERN as URL_PATTERN
from claimkit.core.model_base import DateText as DateText
from claimkit.core.model_base import Language as Language
from claimkit.core.model_base import LanguageTag as LanguageTag
from claimkit.core.model_base import License as License
from claimkit.core.model_base import LongText as LongText
from claimkit.core.model_base import Picture as Picture
from claimkit.core.model_base import RatingClass as RatingClass
from claimkit.core.model_base import Record as Record
from claimkit.core.model_base import Ref as Ref
from claimkit.core.model_base import Reference as Reference
from claimkit.core.model_base import SiteLicense as SiteLicense
from claimkit.core.model_base import Slug as Slug
from claimkit.core.model_base import Text as Text
from claimkit.core.model_base import Url as Url
from claimkit.core.part_models import Appearance as Appearance
from claimkit.core.part_models import Citation as Citation
from claimkit.core.part_models import Collective as Collective
from claimkit.core.part_models import CollectiveKind as CollectiveKind
from claimkit.core.part_models import Correction as Correction
from claimkit.core.part_models import Party as Party
from claimkit.core.part_models import Platform as Platform
from claimkit.core.part_models import Relay as Relay
from claimkit.core.part_models import Translation as Translation
from claimkit.core.part_models import WorkType as WorkType
from claimkit.core.record_models import Article as Article
from claimkit.core.record_models import ArticleType as ArticleType
from claimkit.core.record_models import Image as Image
from claimkit.core.record_models import Organization as Organization
from claimkit.core.record_models import OrganizationKind as OrganizationKind
from claimkit.core.record_models import Person as Person
from claimkit.core.record_models import Topic as Topic
from claimkit.core.record_models import TopicType as TopicType
from claimkit.core.review_models import MediaAuthenticity as MediaAuthenticity
from claimkit.core.review_models import MediaReview as MediaReview
from claimkit.core.review_models import Review as Review
from claimkit.core.review_models import ReviewBase as ReviewBase
from claimkit.core.site_models import OffScaleLabel as OffScaleLabel
from claimkit.core.site_models import RatingScale as RatingScale
from claimkit.core.site_models import Repository as Repository
from claimkit.core.site_models import ScaleLabel as ScaleLabel
from claimkit.core.site_models import Site as Site

# The models are written in model_base (the field types records share, the bases), record_models
# (the record kinds) and site_models (the site settings); every module that uses them imports
# them from here, where each kind is mapped to its model.

KIND_MODELS: dict[str, type[Record]] = {
    "site": Site,
    "organization": Organization,
    "person": Person,
    "topic": Topic,
    "article": Article,
    "claim": Claim,
    "media": Media,
}

RecordKind = Literal["site", "organization", "person", "topic", "article", "claim", "media"]

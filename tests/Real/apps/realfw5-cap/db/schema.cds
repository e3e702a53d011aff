// The CAP bookshop tutorial's domain model (capire: Getting Started), trimmed to two entities.
namespace my.bookshop;
entity Books { key ID : Integer; title : String; stock : Integer; author : Association to Authors; }
entity Authors { key ID : Integer; name : String; books : Association to many Books on books.author = $self; }
